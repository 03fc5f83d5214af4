using System.CommandLine;
using Keel.Monitoring.Drift;

namespace Keel.Cli.Commands;

/// <summary><c>keel monitor drift --reference REF --current CUR</c>: per-column drift tests and the dataset verdict.</summary>
internal static class MonitorDriftCommand
{
    public static Command Create(CliContext context)
    {
        var reference = new Option<string>("--reference") { Description = "The reference data: a CSV/JSON Lines file or a stored dataset NAME[:VERSION]", Required = true };
        var current = new Option<string>("--current") { Description = "The current data: a file or a stored dataset NAME[:VERSION]", Required = true };
        var driftOptions = new DriftOptionSet();
        var prediction = new Option<string?>("--prediction") { Description = "A model-output column: reported as prediction drift, not counted in the share" };
        var json = CommonOptions.Json();
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report with per-column histograms to this file" };
        var read = new ReadOptionSet();
        var command = new Command("drift", """
            Test every column of the current data for drift from the reference, with Evidently's defaults: up to
            1,000 reference rows, KS (numbers with more than 5 values), chi-square or the z-test (two values), drift at
            p < 0.05; above, normed Wasserstein (numbers) or Jensen-Shannon distance, drift at >= 0.1. The dataset
            drifts when at least half of the columns do; then the exit code is 1 (0 otherwise, 2 on bad input).

            Examples:
              keel monitor drift --reference train.csv --current today.csv
              keel monitor drift --reference customers:1 --current customers:2 --json
              keel monitor drift --reference ref.csv --current cur.csv --method psi --report drift.html
            """) { reference, current, prediction, json, report };
        driftOptions.AddTo(command);
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var options = driftOptions.Bind(result) with { PredictionColumn = result.GetValue(prediction) };
            var readOptions = read.Bind(result, context);
            var refData = await FrameLoading.LoadAsync(context, result.GetValue(reference)!, readOptions, "reading reference", ct);
            var curData = await FrameLoading.LoadAsync(context, result.GetValue(current)!, readOptions, "reading current", ct);
            DriftReport drift;
            try
            {
                drift = DriftDetector.Compare(refData.Frame, curData.Frame, options);
            }
            catch (DriftInputException ex)
            {
                throw new UserException(ex.Message);
            }
            var reportPath = result.GetValue(report);
            var html = reportPath is null ? null
                : DriftHtmlReport.Render(drift, refData.Frame, curData.Frame, refData.Input.Display, curData.Input.Display, context.Time.GetUtcNow());
            return await DriftOutput.WriteAsync(context, drift, result.GetValue(json), reportPath, html, ct);
        });
        return command;
    }
}
