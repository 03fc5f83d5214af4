using System.CommandLine;
using System.Globalization;
using Keel.Data;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Learning.Validation;
using Keel.Learning.Transforms;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel train</c>: fits a model on a CSV/JSON Lines file or dataset version and saves it.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Training data: a file or a dataset NAME[:VERSION]", Required = true };
        var label = new Option<string>("--label") { Description = "The column to predict", Required = true };
        var algorithm = new Option<string>("--algorithm") { Description = "gbdt (gradient-boosted trees), forest (random forest), logistic (classification) or linear (regression)", Required = true };
        var task = new Option<string>("--task") { Description = "auto (default), binary, multiclass or regression", DefaultValueFactory = _ => "auto" };
        var param = new Option<string[]>("--param") { Description = "A hyperparameter NAME=VALUE; repeat for several (gbdt: rounds, learning_rate, max_leaves, max_depth, min_samples_leaf, l2, subsample, colsample, early_stopping; forest: trees, max_leaves, max_depth, min_samples_leaf, colsample; logistic: l2, max_iter; linear: l2; all: seed)" };
        var valid = new Option<string?>("--valid") { Description = "Validation data: measured, never learned from" };
        var holdout = new Option<double?>("--holdout") { Description = "Hold out this fraction (0-1) of the labelled rows as validation data, like --valid (not with --valid)" };
        var split = new Option<string?>("--split") { Description = "How --holdout picks its rows: random, stratified (keeps class shares) or time (the latest by --time-column); default stratified for classification, random for regression" };
        var timeColumn = new Option<string?>("--time-column") { Description = "The timestamp or numeric column that orders rows for --split time" };
        var transforms = new Option<string?>("--transforms") { Description = "transforms.yaml with the pre-processing (default: imputation, one-hot and scaling for linear learners)" };
        var output = new Option<string>("--out") { Description = "Where to write the model file", Required = true };
        var cv = new Option<int>("--cv") { Description = "Also cross-validate with K folds (stratified for classification) and report mean ± std", DefaultValueFactory = _ => 0 };
        var json = CommonOptions.Json();
        var read = new ReadOptionSet();
        task.AcceptOnlyFromAmong("auto", "binary", "multiclass", "regression");
        algorithm.AcceptOnlyFromAmong(ModelTrainer.ParameterNames.Keys.Order(StringComparer.Ordinal).ToArray());
        split.AcceptOnlyFromAmong(LabelledSplit.Random, LabelledSplit.Stratified, LabelledSplit.Time);
        var command = new Command("train", """
            Train a model and save it as one checksummed file (transforms, learner, schema, reference profile,
            metrics, lineage). Classification or regression is chosen from the label unless --task says: a text
            label, or an integer label with at most 20 distinct values, means classification. Rows without a label
            are skipped and counted. Missing values and categories work with the defaults. Validation rows come from
            --valid FILE or --holdout FRACTION (held out of the training data; seeded by --param seed); either is
            measured and drives early stopping for gbdt. A progress bar shows on stderr when it is a terminal.

            Examples:
              keel train --data train.csv --label defaulted --algorithm logistic --out model.keel
              keel train --data customers:2 --label income --algorithm linear --param l2=1.0 --valid test.csv --out m.keel --json
              keel train --data train.csv --label y --algorithm gbdt --cv 5 --out m.keel
              keel train --data train.csv --label y --algorithm gbdt --holdout 0.2 --out m.keel
              keel train --data events.csv --label churned --algorithm gbdt --holdout 0.1 --split time --time-column signup_at --out m.keel
            """) { data, label, algorithm, task, param, valid, holdout, split, timeColumn, transforms, output, cv, json };
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var options = read.Bind(result, context);
            var parameters = ParseParameters(result.GetValue(param) ?? []);
            var holdoutRequest = TrainHoldout.Parse(result.GetValue(holdout), result.GetValue(split), result.GetValue(timeColumn), result.GetValue(valid) is not null);
            var specs = result.GetValue(transforms) is { } t ? TransformFile.Load(context.FullPath(t)).Specs : null;
            var trainData = await FrameLoading.LoadAsync(context, result.GetValue(data)!, options, "reading training data", ct);
            var validData = result.GetValue(valid) is { } v ? await FrameLoading.LoadAsync(context, v, options, "reading validation data", ct) : null;
            var requested = ParseTask(result.GetValue(task));
            var lineage = new ModelLineage(
                trainData.Input.Version?.Reference.ToString() ?? result.GetValue(data)!,
                trainData.Input.Version?.ContentId.Value,
                validData is null ? null : validData.Input.Version?.Reference.ToString() ?? result.GetValue(valid),
                context.Time.GetUtcNow());
            var trainingOptions = new TrainingOptions
            {
                Algorithm = result.GetValue(algorithm)!,
                Label = result.GetValue(label)!,
                Task = requested,
                Parameters = parameters,
                Transforms = specs,
            };
            var k = result.GetValue(cv);
            var (trained, crossValidation, heldOut) = await TerminalProgress.RunAsync<TrainingProgress, (TrainingResult, CrossValidationResult?, HoldoutLineage?)>(
                context.Terminal, $"training {trainingOptions.Algorithm}", p => ProgressReadings.Training(trainingOptions.Algorithm, p),
                progress => Task.FromResult(Train(trainData, validData?.Frame, trainingOptions with { Progress = progress }, holdoutRequest, k, lineage)));
            var path = context.FullPath(result.GetValue(output)!);
            trained.Model.Save(path);
            Report(context, trained, crossValidation, heldOut, path, requested is null, result.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Dictionary<string, string> ParseParameters(string[] values)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in values)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw new UserException($"--param expects NAME=VALUE, got '{item}'");
            }
            parameters[item[..eq].Trim()] = item[(eq + 1)..].Trim();
        }
        return parameters;
    }

    /// <summary>The --task value as a task; null for auto.</summary>
    internal static LearningTask? ParseTask(string? task) => task switch
    {
        "binary" => LearningTask.Binary,
        "multiclass" => LearningTask.Multiclass,
        "regression" => LearningTask.Regression,
        _ => null,
    };

    /// <summary>
    /// Trains on the training data (less the held-out rows, with --holdout) and measures on the validation rows; with
    /// --cv, also cross-validates on the same training rows.
    /// </summary>
    private static (TrainingResult Trained, CrossValidationResult? CrossValidation, HoldoutLineage? Holdout) Train(
        FrameLoading.Loaded trainData, Frame? validation, TrainingOptions options, TrainHoldout.Request? holdout, int k, ModelLineage lineage)
    {
        try
        {
            var seed = Seed(options.Parameters);
            var train = trainData.Frame;
            TrainHoldout.Result? split = null;
            if (holdout is not null)
            {
                // The task is decided on all labelled rows, so the split (stratified or not) and the model agree on it.
                var labelEncoder = LabelEncoder.Fit(train, options.Label, options.Task);
                split = TrainHoldout.Split(train, labelEncoder, holdout, seed);
                (train, validation, options, lineage) = (split.Train, split.Validation, options with { Task = labelEncoder.Task }, lineage with { Holdout = split.Lineage });
            }
            var trained = ModelTrainer.Train(train, validation, options, trainData.Profile, lineage);
            if (split is not null)
            {
                // The split dropped the unlabelled rows before the trainer could count them.
                trained = trained with { UnlabelledRows = split.UnlabelledRows };
            }
            CrossValidationResult? crossValidation = null;
            if (k != 0)
            {
                var (rows, folds) = Folds(train, LabelEncoder.Fit(train, options.Label, trained.Model.Task), k, seed);
                crossValidation = CrossValidation.Run(rows, options with { Task = trained.Model.Task }, folds);
            }
            return (trained, crossValidation, split?.Lineage);
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    /// <summary>The <c>seed</c> parameter (0 when absent; a bad value is reported by the trainer).</summary>
    private static int Seed(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("seed", out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>The rows with a label, and K folds over them (stratified for classification, shuffled for regression).</summary>
    internal static (Frame Rows, IReadOnlyList<(int[] Train, int[] Test)> Folds) Folds(Frame frame, LabelEncoder label, int k, int seed)
    {
        if (k < 2)
        {
            throw new UserException($"--cv needs at least 2 folds, got {k}");
        }
        var rows = FrameRows.Select(frame, LabelledSplit.LabelledRows(frame, label.Column));
        var folds = label.Task == LearningTask.Regression
            ? KFold.Split(rows.RowCount, k, shuffle: true, seed)
            : StratifiedKFold.Split(label.EncodeClasses(rows), k, seed);
        return (rows, folds);
    }

    private static void Report(CliContext context, TrainingResult trained, CrossValidationResult? crossValidation, HoldoutLineage? holdout, string path, bool auto, bool json)
    {
        var model = trained.Model;
        if (json)
        {
            context.Terminal.WriteJson(new
            {
                model = path,
                algorithm = model.Algorithm,
                task = model.Task.ToString().ToLowerInvariant(),
                task_chosen = auto ? "auto" : "given",
                classes = model.Label.Classes.Count > 0 ? model.Label.Classes : null,
                rows = trained.TrainingRows,
                unlabelled_rows = trained.UnlabelledRows,
                features = model.Features.Features.Count,
                skipped_columns = model.Features.Skipped.Select(s => new { column = s.Column, reason = s.Reason }),
                default_transforms = trained.DefaultTransforms,
                training_metrics = trained.TrainingMetrics,
                holdout = holdout is null ? null : new { fraction = holdout.Fraction, split = holdout.Split, rows = holdout.Rows, time_column = holdout.TimeColumn },
                validation_metrics = trained.ValidationMetrics,
                oob_score = model.Predictor is Keel.Learning.Predictors.ForestPredictor f && double.IsFinite(f.Model.OobScore) ? f.Model.OobScore : (double?)null,
                cross_validation = crossValidation?.Summary.ToDictionary(m => m.Key, m => new { mean = m.Value.Mean, std = m.Value.StandardDeviation }),
            });
            return;
        }
        var console = context.Terminal.Out;
        var taskText = model.Task.ToString().ToLowerInvariant();
        console.MarkupLine(auto
            ? $"task: [bold]{taskText}[/] (chosen from label '{Markup.Escape(model.Label.Column)}'{(model.Label.Classes.Count > 0 ? $": classes {Markup.Escape(string.Join(", ", model.Label.Classes))}" : ": numeric with many values")}; use --task to override)"
            : $"task: [bold]{taskText}[/]");
        console.MarkupLine($"trained {model.Algorithm} on {trained.TrainingRows:N0} rows, {model.Features.Features.Count} features{(trained.UnlabelledRows > 0 ? $"; {trained.UnlabelledRows:N0} rows without a label skipped" : "")}");
        if (holdout is not null)
        {
            var by = holdout.TimeColumn is null ? "" : $" by {Markup.Escape(holdout.TimeColumn)}";
            console.MarkupLine($"validation: {holdout.Rows:N0} rows held out ({holdout.Fraction.ToString("0.###", CultureInfo.InvariantCulture)} of the labelled rows, [bold]{holdout.Split}[/] split{by}, seed {holdout.Seed})");
        }
        foreach (var (column, reason) in model.Features.Skipped)
        {
            console.MarkupLine($"[yellow]not used[/]: {Markup.Escape(column)} — {Markup.Escape(reason)}");
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("metric", "training", "validation");
        if (crossValidation is not null)
        {
            table.AddColumn($"{crossValidation.Folds.Count}-fold CV (mean ± std)");
        }
        foreach (var (name, value) in trained.TrainingMetrics)
        {
            var v = trained.ValidationMetrics is { } vm && vm.TryGetValue(name, out var x) ? Format(x) : "";
            if (crossValidation is null)
            {
                table.AddRow(name, Format(value), v);
            }
            else
            {
                var c = crossValidation.Summary.TryGetValue(name, out var m) ? $"{Format(m.Mean)} ± {Format(m.StandardDeviation)}" : "";
                table.AddRow(name, Format(value), v, c);
            }
        }
        console.Write(table);
        if (model.Predictor is Keel.Learning.Predictors.ForestPredictor forest && double.IsFinite(forest.Model.OobScore))
        {
            console.MarkupLine($"out-of-bag {(model.Task == LearningTask.Regression ? "r2" : "accuracy")}: {Format(forest.Model.OobScore)}");
        }
        console.MarkupLine($"model written to {Markup.Escape(path)}");
    }

    private static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
