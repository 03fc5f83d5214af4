using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Monitoring.Drift;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel monitor drift --reference REF --current CUR</c>: per-column drift tests and the dataset verdict.</summary>
internal static class MonitorDriftCommand
{
    public static Command Create(CliContext context)
    {
        var reference = new Option<string>("--reference") { Description = "The reference data: a CSV/JSON Lines file or a stored dataset NAME[:VERSION]", Required = true };
        var current = new Option<string>("--current") { Description = "The current data: a file or a stored dataset NAME[:VERSION]", Required = true };
        var method = new Option<string>("--method") { Description = "Test for every column: auto (Evidently's choice), psi, ks, chi2, jensenshannon, wasserstein, z", DefaultValueFactory = _ => "auto" };
        var columns = new Option<string?>("--columns") { Description = "Compare only these columns (comma-separated); default every column both have" };
        var threshold = new Option<double?>("--threshold") { Description = "Drift threshold for the chosen --method (default: 0.05 for p-values, 0.1 for PSI and distances)" };
        var share = new Option<double>("--drift-share") { Description = "Share of drifted columns at which the dataset drifts", DefaultValueFactory = _ => 0.5 };
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
            """) { reference, current, method, columns, threshold, share, prediction, json, report };
        read.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            if (!DriftMethods.TryParse(result.GetValue(method)!, out var chosen))
            {
                throw new UserException($"--method must be one of auto, psi, ks, chi2, jensenshannon, wasserstein, z; got '{result.GetValue(method)}'");
            }
            var driftShare = result.GetValue(share);
            if (driftShare is <= 0 or > 1)
            {
                throw new UserException($"--drift-share must be in (0, 1], got {driftShare.ToString(CultureInfo.InvariantCulture)}");
            }
            var options = new DriftOptions
            {
                Method = chosen,
                DriftShare = driftShare,
                Columns = result.GetValue(columns)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                PredictionColumn = result.GetValue(prediction),
            };
            if (result.GetValue(threshold) is { } t)
            {
                if (chosen == DriftMethod.Auto)
                {
                    throw new UserException("--threshold needs a --method (auto mixes p-values and distances)");
                }
                options = options with { Thresholds = new Dictionary<DriftMethod, double> { [chosen] = t } };
            }
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
            if (drift.Features.Count == 0)
            {
                throw new UserException("no columns to compare (the two inputs share no numeric, categorical or boolean column with values)");
            }
            foreach (var (column, reason) in drift.Skipped)
            {
                context.Terminal.Note($"skipped '{column}': {reason}");
            }
            var reportPath = result.GetValue(report);
            if (reportPath is not null)
            {
                var html = DriftHtmlReport.Render(drift, refData.Frame, curData.Frame, refData.Input.Display, curData.Input.Display, context.Time.GetUtcNow());
                await File.WriteAllTextAsync(context.FullPath(reportPath), html, ct);
            }
            if (result.GetValue(json))
            {
                // Written by hand: the shared JSON options drop nulls, and "p_value": null is part of the contract.
                context.Terminal.Stdout.WriteLine(ToJson(drift).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                context.Terminal.Stdout.Flush();
            }
            else
            {
                WriteTable(context.Terminal.Out, drift);
            }
            return drift.DatasetDrift ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    // JSON has no infinity or NaN: an infinite χ² (a value the reference never had) and an undefined p-value are null.
    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static JsonObject Feature(FeatureDrift f) => new()
    {
        ["name"] = f.Name,
        ["type"] = f.Type,
        ["method"] = f.Method.Name(),
        ["statistic"] = Finite(f.Statistic),
        ["p_value"] = Finite(f.PValue),
        ["threshold"] = f.Threshold,
        ["drift"] = f.Drift,
    };

    private static JsonObject ToJson(DriftReport drift)
    {
        var features = new JsonArray();
        foreach (var f in drift.Features)
        {
            features.Add(Feature(f));
        }
        var root = new JsonObject
        {
            ["dataset_drift"] = drift.DatasetDrift,
            ["drift_share"] = drift.DriftShare,
            ["features"] = features,
        };
        if (drift.Prediction is not null)
        {
            root["prediction"] = Feature(drift.Prediction);
        }
        return root;
    }

    private static void WriteTable(IAnsiConsole console, DriftReport drift)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("column", "type", "method", "statistic", "p-value", "threshold", "drift");
        var rows = drift.Prediction is null ? drift.Features : [.. drift.Features, drift.Prediction];
        foreach (var f in rows)
        {
            table.AddRow(
                Markup.Escape(f == drift.Prediction ? f.Name + " (prediction)" : f.Name),
                f.Type,
                f.Method.Name(),
                Format(f.Statistic),
                f.PValue is { } p ? Format(p) : "",
                Format(f.Threshold),
                f.Drift ? "[red]drift[/]" : "[green]ok[/]");
        }
        console.Write(table);
        var verdict = drift.DatasetDrift ? "[red]dataset drift detected[/]" : "[green]no dataset drift[/]";
        console.MarkupLine($"{verdict}: {drift.DriftedCount} of {drift.Features.Count} columns drifted (share {drift.DriftShare.ToString("0.###", CultureInfo.InvariantCulture)}, threshold {drift.DriftShareThreshold.ToString("0.###", CultureInfo.InvariantCulture)})");
    }

    private static string Format(double v) => double.IsPositiveInfinity(v) ? "inf" : double.IsNaN(v) ? "n/a"
        : v.ToString(v != 0 && Math.Abs(v) < 1e-3 ? "0.###e+0" : "0.####", CultureInfo.InvariantCulture);
}
