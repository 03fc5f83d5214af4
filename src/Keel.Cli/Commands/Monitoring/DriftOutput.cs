using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Monitoring.Drift;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>
/// How the drift commands answer: notes for skipped columns, the HTML report, then the JSON object the issue fixes
/// (<c>{"dataset_drift", "drift_share", "features": [...]}</c>, plus <c>"prediction"</c>) or a table; exit 1 on dataset drift.
/// </summary>
internal static class DriftOutput
{
    public static async Task<int> WriteAsync(CliContext context, DriftReport drift, bool json, string? reportPath, string? html, CancellationToken ct)
    {
        if (drift.Features.Count == 0)
        {
            throw new UserException("no columns to compare (the two inputs share no numeric, categorical or boolean column with values)");
        }
        foreach (var (column, reason) in drift.Skipped)
        {
            context.Terminal.Note($"skipped '{column}': {reason}");
        }
        if (reportPath is not null && html is not null)
        {
            await File.WriteAllTextAsync(context.FullPath(reportPath), html, ct);
        }
        if (json)
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
