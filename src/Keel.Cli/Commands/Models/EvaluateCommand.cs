using System.CommandLine;
using System.Globalization;
using Keel.Learning.Training;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel evaluate --model M --data TEST</c>: metrics of a saved model on labelled data.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var modelPath = new Option<string>("--model") { Description = "The model file, or a registered version: models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: a file or a dataset NAME[:VERSION]", Required = true };
        var json = CommonOptions.Json();
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report (metrics, confusion matrix, ROC, precision-recall and calibration curves, residuals, feature importance)" };
        var read = new ReadOptionSet();
        var command = new Command("evaluate", """
            Score a saved model on labelled data. Classification: auc, accuracy, precision, recall, f1, log_loss
            (binary: of the second class; multiclass: macro averages and one-vs-rest AUC). Regression: rmse, mae,
            r2, mape. Definitions match scikit-learn's.

            Examples:
              keel evaluate --model model.keel --data test.csv
              keel evaluate --model model.keel --data test.csv --json | jq .auc
              keel evaluate --model model.keel --data test.csv --report evaluation.html
              keel evaluate --model models:/churn@champion --data test.csv
            """) { modelPath, data, json, report };
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var loadedModel = await ModelLoading.LoadAsync(context, result.GetValue(modelPath)!, ct);
            var model = loadedModel.Model;
            var loaded = await FrameLoading.LoadAsync(context, result.GetValue(data)!, read.Bind(result, context), "reading data", ct);
            IReadOnlyDictionary<string, double> metrics;
            int skipped;
            try
            {
                metrics = ModelEvaluation.Evaluate(model, loaded.Frame, out skipped);
            }
            catch (ArgumentException ex)
            {
                throw new UserException(ex.Message);
            }
            if (result.GetValue(report) is { } reportPath)
            {
                var html = Keel.Learning.Reports.EvaluationReport.Render(model, loaded.Frame, metrics, result.GetValue(data)!, context.Time.GetUtcNow());
                await File.WriteAllTextAsync(context.FullPath(reportPath), html, ct);
                context.Terminal.Note($"report written to {reportPath}");
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(metrics.ToDictionary(m => m.Key, m => double.IsNaN(m.Value) ? (double?)null : m.Value));
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("metric", "value");
            foreach (var (name, value) in metrics)
            {
                table.AddRow(name, double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture));
            }
            context.Terminal.Out.MarkupLine($"{Markup.Escape(loadedModel.Display)}: {model.Algorithm} {model.Task.ToString().ToLowerInvariant()} model on {loaded.Frame.RowCount - skipped:N0} labelled rows" + (skipped > 0 ? $" ({skipped:N0} without a usable label skipped)" : ""));
            context.Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
