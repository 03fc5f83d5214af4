using System.CommandLine;
using System.Globalization;
using Keel.Learning;
using Keel.Learning.Explain;
using Keel.Learning.Predictors;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel explain --model M --data FILE</c>: permutation importance of each input column, or TreeSHAP contributions of tree models.</summary>
internal static class ExplainCommand
{
    private static int Shap(CliContext context, Keel.Learning.Model model, Keel.Data.Frame frame, string? outPath, bool json)
    {
        var x = model.Features.Encode(model.Transforms.Apply(frame));
        var (shap, explains, outputs) = TreeContributions(model, x);
        var names = model.Features.Features.Select(f => f.Name).ToArray();
        if (outPath is not null)
        {
            using var w = new StreamWriter(context.FullPath(outPath), false, new System.Text.UTF8Encoding(false));
            w.WriteLine(string.Join(",", new[] { "row", "output", "expected_value" }.Concat(names.Select(n => "phi_" + n))));
            for (var o = 0; o < shap.Outputs; o++)
            {
                for (var r = 0; r < shap.Rows; r++)
                {
                    var cells = new List<string> { (r + 1).ToString(CultureInfo.InvariantCulture), outputs[o], shap.ExpectedValue[o].ToString("R", CultureInfo.InvariantCulture) };
                    for (var f = 0; f < shap.Features; f++)
                    {
                        cells.Add(shap[o, r, f].ToString("R", CultureInfo.InvariantCulture));
                    }
                    w.WriteLine(string.Join(",", cells));
                }
            }
        }
        var meanAbs = Enumerable.Range(0, shap.Features)
            .Select(f => (Name: names[f], Value: Enumerable.Range(0, shap.Outputs).Sum(o => Enumerable.Range(0, shap.Rows).Average(r => Math.Abs(shap[o, r, f])))))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Name, StringComparer.Ordinal).ToArray();
        if (json)
        {
            context.Terminal.WriteJson(new
            {
                method = "shap",
                explains,
                outputs,
                expected_value = shap.ExpectedValue,
                columns = meanAbs.Select(p => new { name = p.Name, mean_abs_contribution = p.Value }),
            });
            return ExitCodes.Ok;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("feature", $"mean |contribution| ({Markup.Escape(explains)})");
        foreach (var (name, value) in meanAbs)
        {
            table.AddRow(Markup.Escape(name), value.ToString("0.0000", CultureInfo.InvariantCulture));
        }
        context.Terminal.Out.Write(table);
        return ExitCodes.Ok;
    }

    // The data itself is the background, so the expected value is the mean explained output over it.
    private static (ShapValues Shap, string Explains, string[] Outputs) TreeContributions(Keel.Learning.Model model, Keel.Learning.FeatureMatrix x)
    {
        var classes = model.Label.Classes;
        switch (model.Predictor)
        {
            case GbdtPredictor gbdt:
                var boosted = TreeShap.Explain(gbdt.Model, x, x);
                return (boosted, model.Task == LearningTask.Binary ? "raw score, log-odds" : "raw score",
                    boosted.Outputs == 1 ? ["raw"] : [.. classes]);
            case ForestPredictor forest:
                // A forest is explained on its averaged tree output, as shap's TreeExplainer does for scikit-learn
                // forests: the log-odds it also reports are a nonlinear link with no exact additive attribution.
                var averaged = TreeShap.Explain(forest.Model, x, x);
                return model.Task switch
                {
                    LearningTask.Binary => (averaged, $"probability of {classes[1]}", [classes[1]]),
                    LearningTask.Multiclass => (averaged, "class probability before normalisation", [.. classes]),
                    _ => (averaged, "prediction", ["prediction"]),
                };
            default:
                throw new UserException(
                    $"--method shap explains tree models (gbdt, forest); this is a {model.Algorithm} model: use --method permutation, which explains any model");
        }
    }

    public static Command Create(CliContext context)
    {
        var modelPath = new Option<string>("--model") { Description = "The model file, or a registered version: models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: a file or a dataset NAME[:VERSION]", Required = true };
        var metric = new Option<string?>("--metric") { Description = "The score to explain (default: auc for binary, accuracy for multiclass, r2 for regression)" };
        var repeats = new Option<int>("--repeats") { Description = "Shuffles per column", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffles", DefaultValueFactory = _ => 0 };
        var method = new Option<string>("--method") { Description = "permutation (any model) or shap (exact TreeSHAP, gbdt and forest models)", DefaultValueFactory = _ => "permutation" };
        var shapOut = new Option<string?>("--out") { Description = "With --method shap: write every row's contributions (and the expected value) as CSV" };
        var json = CommonOptions.Json();
        var read = new ReadOptionSet();
        method.AcceptOnlyFromAmong("permutation", "shap");
        var command = new Command("explain", """
            Explain a model by permutation importance: shuffle one input column at a time and report how much the
            score drops (mean and standard deviation over --repeats shuffles), as scikit-learn's
            permutation_importance does. Columns the model does not use score 0.

            With --method shap (gbdt and forest models): exact TreeSHAP contributions per row and feature, with the
            data itself as background, so that the expected value plus a row's contributions equal what is
            explained: for gbdt the raw score (log-odds for binary, per-class scores for multiclass); for forest the
            averaged tree output, as shap's TreeExplainer does for scikit-learn forests (the class-1 probability for
            binary, each class's probability before normalisation for multiclass, the prediction for regression).
            The table shows the mean |contribution|. Linear and logistic models: use permutation.

            Examples:
              keel explain --model model.keel --data test.csv
              keel explain --model model.keel --data test.csv --metric f1 --repeats 10 --json
              keel explain --model model.keel --data test.csv --method shap --out contributions.csv
              keel explain --model models:/churn@champion --data test.csv
            """) { modelPath, data, metric, repeats, seed, method, shapOut, json };
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var model = (await ModelLoading.LoadAsync(context, result.GetValue(modelPath)!, ct)).Model;
            var loaded = await FrameLoading.LoadAsync(context, result.GetValue(data)!, read.Bind(result, context), "reading data", ct);
            if (result.GetValue(method) == "shap")
            {
                return Shap(context, model, loaded.Frame, result.GetValue(shapOut), result.GetValue(json));
            }
            var chosen = result.GetValue(metric) ?? PermutationImportance.DefaultMetric(model.Task);
            IReadOnlyList<ColumnImportance> importances;
            try
            {
                importances = PermutationImportance.Compute(model, loaded.Frame, chosen, Math.Max(1, result.GetValue(repeats)), result.GetValue(seed));
            }
            catch (ArgumentException ex)
            {
                throw new UserException(ex.Message);
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new
                {
                    metric = chosen,
                    method = "permutation",
                    columns = importances.Select(i => new { name = i.Column, importance = i.Mean, std = i.Std }),
                });
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("column", $"drop in {chosen}", "± std");
            foreach (var i in importances)
            {
                table.AddRow(Markup.Escape(i.Column), i.Mean.ToString("0.0000", CultureInfo.InvariantCulture), i.Std.ToString("0.0000", CultureInfo.InvariantCulture));
            }
            context.Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
