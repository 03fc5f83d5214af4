using System.CommandLine;
using System.Globalization;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Learning.Validation;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel search</c>: hyperparameter search by cross-validation, then (optionally) the best model trained on everything.</summary>
internal static class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Training data: a file or a dataset NAME[:VERSION]", Required = true };
        var label = new Option<string>("--label") { Description = "The column to predict", Required = true };
        var algorithm = new Option<string>("--algorithm") { Description = "gbdt, logistic or linear", Required = true };
        var grid = new Option<string[]>("--grid") { Description = "A parameter and its candidate values, NAME=V1,V2,...; repeat for several", Required = true };
        var param = new Option<string[]>("--param") { Description = "A fixed hyperparameter NAME=VALUE; repeat for several" };
        var method = new Option<string>("--method") { Description = "grid (every combination), random (--trials of them) or halving (successive halving on rows)", DefaultValueFactory = _ => "grid" };
        var trials = new Option<int>("--trials") { Description = "Candidates for random and halving search", DefaultValueFactory = _ => 10 };
        var cv = new Option<int>("--cv") { Description = "Folds (stratified for classification)", DefaultValueFactory = _ => 3 };
        var metric = new Option<string?>("--metric") { Description = "What to optimise (default: auc binary, accuracy multiclass, r2 regression)" };
        var task = new Option<string>("--task") { Description = "auto (default), binary, multiclass or regression", DefaultValueFactory = _ => "auto" };
        var output = new Option<string?>("--out") { Description = "Train the best candidate on all rows and write the model here" };
        var json = CommonOptions.Json();
        var read = new ReadOptionSet();
        method.AcceptOnlyFromAmong("grid", "random", "halving");
        task.AcceptOnlyFromAmong("auto", "binary", "multiclass", "regression");
        var command = new Command("search", """
            Search hyperparameters by K-fold cross-validation. Trials run in parallel; the ranking does not depend
            on which finishes first (ties go to the earlier candidate).

            Examples:
              keel search --data train.csv --label y --algorithm gbdt --grid learning_rate=0.05,0.1,0.3 --grid max_leaves=15,31,63
              keel search --data train.csv --label y --algorithm gbdt --grid max_leaves=7,15,31,63,127 --grid learning_rate=0.03,0.1,0.3 --method halving --trials 12 --out best.keel
            """) { data, label, algorithm, grid, param, method, trials, cv, metric, task, output, json };
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var loaded = await FrameLoading.LoadAsync(context, result.GetValue(data)!, read.Bind(result, context), "reading training data", ct);
            var requested = TrainCommand.ParseTask(result.GetValue(task));
            var fixedParameters = TrainCommand.ParseParameters(result.GetValue(param) ?? []);
            var space = ParseGrid(result.GetValue(grid) ?? []);
            SearchResult found;
            LabelEncoder labelEncoder;
            try
            {
                labelEncoder = LabelEncoder.Fit(loaded.Frame, result.GetValue(label)!, requested);
                var (rows, folds) = TrainCommand.Folds(loaded.Frame, labelEncoder, result.GetValue(cv), seed: 0);
                var options = new TrainingOptions { Algorithm = result.GetValue(algorithm)!, Label = labelEncoder.Column, Task = labelEncoder.Task, Parameters = fixedParameters };
                var candidates = result.GetValue(method) == "grid"
                    ? HyperparameterSearch.Grid(space)
                    : HyperparameterSearch.Sample(space, Math.Max(1, result.GetValue(trials)), seed: 0);
                candidates = candidates.Select(c => (IReadOnlyDictionary<string, string>)fixedParameters.Concat(c).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)).ToArray();
                var searchOptions = new SearchOptions { Metric = result.GetValue(metric) ?? Keel.Learning.Explain.PermutationImportance.DefaultMetric(labelEncoder.Task) };
                var halving = result.GetValue(method) == "halving";
                found = await TerminalProgress.RunAsync<SearchProgress, SearchResult>(context.Terminal, "searching", p => ProgressReadings.Search(searchOptions.Metric, p),
                    progress => halving
                        ? HyperparameterSearch.HalvingSearchAsync(rows, options, candidates, folds, new HalvingOptions(), searchOptions with { Progress = progress }, ct)
                        : HyperparameterSearch.SearchAsync(rows, options, candidates, folds, searchOptions with { Progress = progress }, ct));
            }
            catch (ArgumentException ex)
            {
                throw new UserException(ex.Message);
            }
            string? modelPath = null;
            if (result.GetValue(output) is { } outPath)
            {
                var bestAlgorithm = result.GetValue(algorithm)!;
                var best = await TerminalProgress.RunAsync<TrainingProgress, TrainingResult>(context.Terminal, $"training {bestAlgorithm}", p => ProgressReadings.Training(bestAlgorithm, p),
                    progress => Task.FromResult(ModelTrainer.Train(loaded.Frame, null,
                        new TrainingOptions { Algorithm = bestAlgorithm, Label = labelEncoder.Column, Task = labelEncoder.Task, Parameters = found.Best.Parameters, Progress = progress },
                        loaded.Profile, new ModelLineage(result.GetValue(data)!, loaded.Input.Version?.ContentId.Value, null, context.Time.GetUtcNow()))));
                modelPath = context.FullPath(outPath);
                best.Model.Save(modelPath);
            }
            Report(context, found, modelPath, result.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Dictionary<string, string[]> ParseGrid(string[] items)
    {
        var grid = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var values = eq > 0 ? item[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (eq <= 0 || values.Length == 0)
            {
                throw new UserException($"--grid expects NAME=V1,V2,..., got '{item}'");
            }
            grid[item[..eq].Trim()] = values;
        }
        return grid;
    }

    private static void Report(CliContext context, SearchResult found, string? modelPath, bool json)
    {
        if (json)
        {
            context.Terminal.WriteJson(new
            {
                metric = found.Metric,
                higher_is_better = found.HigherIsBetter,
                best = new { parameters = found.Best.Parameters, score = found.Best.Score },
                model = modelPath,
                ranking = found.Ranking.Select(t => new { candidate = t.Candidate, parameters = t.Parameters, score = double.IsFinite(t.Score) ? t.Score : (double?)null, error = t.Error }),
            });
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("rank", "parameters", found.Metric, "± std");
        var rank = 1;
        foreach (var t in found.Ranking.Take(15))
        {
            var std = t.Summary is { } s && s.TryGetValue(found.Metric, out var m) ? m.StandardDeviation.ToString("0.0000", CultureInfo.InvariantCulture) : "";
            table.AddRow(
                (rank++).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))),
                t.Error is null ? t.Score.ToString("0.0000", CultureInfo.InvariantCulture) : "[red]failed[/]",
                t.Error is null ? std : Markup.Escape(t.Error));
        }
        context.Terminal.Out.Write(table);
        if (modelPath is not null)
        {
            context.Terminal.Out.MarkupLine($"best candidate trained on all rows → {Markup.Escape(modelPath)}");
        }
    }
}
