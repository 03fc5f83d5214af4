using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Learning.Reports;

namespace Keel.Monitoring.Windows;

/// <summary>
/// A self-contained HTML page (inline SVG, no scripts) of drift over time for one deployment or model: the share of
/// drifted features and the prediction drift statistic per window, the statistics of the features that moved most, and
/// a table of the windows.
/// </summary>
public static class DriftHistoryReport
{
    private const int MaxFeatures = 8;

    /// <summary>Renders <paramref name="windows"/> (oldest first) of <paramref name="subject"/>.</summary>
    public static string Render(IReadOnlyList<WindowRecord> windows, string subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Keel drift over time</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}td.l{text-align:left}")
            .Append(".drift{color:#d62728;font-weight:bold}.ok{color:#2ca02c}svg{margin:0 1em 1em 0}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Drift over time: {SvgChart.Encode(subject)}</h1>");
        if (windows.Count == 0)
        {
            html.Append("<p>No monitoring window has closed yet.</p></body></html>");
            return html.ToString();
        }
        var drifted = windows.Count(w => w.DatasetDrift);
        html.Append(CultureInfo.InvariantCulture, $"<p>{windows.Count} windows from {Time(windows[0].Start)} to {Time(windows[^1].End)} UTC, ")
            .Append(CultureInfo.InvariantCulture, $"{windows.Sum(w => w.Rows):N0} predictions; dataset drift in {drifted} of them. Written {Time(now)} UTC.</p>");
        var x = (1.0, Math.Max(2.0, windows.Count));
        var share = windows.Select((w, i) => (X: i + 1.0, Y: w.DriftShare)).ToList();
        var series = new List<(string, IReadOnlyList<(double, double)>, bool, string)> { ("share of drifted features", share, true, SvgChart.Palette[0]) };
        var prediction = windows.Select((w, i) => (X: i + 1.0, Y: w.PredictionStatistic)).Where(p => p.Y is not null).Select(p => (p.X, p.Y!.Value)).ToList();
        if (prediction.Count > 0)
        {
            series.Add(("prediction drift statistic", prediction, true, SvgChart.Palette[1]));
        }
        var yMax = Math.Max(1.0, prediction.Select(p => p.Item2).DefaultIfEmpty(0).Max());
        html.Append(SvgChart.Plot("Dataset and prediction drift per window", "window (oldest to newest)", "value", x, (0, yMax), series));

        var features = FeatureSeries(windows);
        var top = features.OrderByDescending(f => f.Value.Max(p => p.Y)).Take(MaxFeatures).ToList();
        if (top.Count > 0)
        {
            var featureMax = Math.Max(1e-9, top.Max(f => f.Value.Max(p => p.Y)));
            html.Append(SvgChart.Plot(
                top.Count < features.Count ? $"Feature drift statistics (the {top.Count} that moved most)" : "Feature drift statistics",
                "window (oldest to newest)", "statistic", x, (0, featureMax),
                [.. top.Select((f, i) => (f.Key, (IReadOnlyList<(double, double)>)[.. f.Value.Select(p => (p.X, p.Y))], true, SvgChart.Palette[(i + 2) % SvgChart.Palette.Count]))]));
        }
        html.Append("<table><tr><th>#</th><th>start (UTC)</th><th>end (UTC)</th><th>model</th><th>rows</th><th>drift share</th><th>prediction</th><th>drifted features</th><th>verdict</th></tr>");
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{i + 1}</td><td class=\"l\">{Time(w.Start)}</td><td class=\"l\">{Time(w.End)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"l\">{SvgChart.Encode($"{w.ModelName} v{w.ModelVersion}{(w.Role.Length > 0 ? $" ({w.Role})" : "")}")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{w.Rows:N0}</td><td>{SvgChart.Value(w.DriftShare)}</td><td>{(w.PredictionStatistic is { } p ? SvgChart.Value(p) + (w.PredictionDrift == true ? " (drift)" : "") : "")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"l\">{SvgChart.Encode(string.Join(", ", DriftedFeatures(w)))}</td>")
                .Append(w.DatasetDrift ? "<td class=\"drift\">drift</td></tr>" : "<td class=\"ok\">ok</td></tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    private static Dictionary<string, List<(double X, double Y)>> FeatureSeries(IReadOnlyList<WindowRecord> windows)
    {
        var features = new Dictionary<string, List<(double X, double Y)>>(StringComparer.Ordinal);
        for (var i = 0; i < windows.Count; i++)
        {
            using var report = JsonDocument.Parse(windows[i].ReportJson);
            foreach (var f in report.RootElement.GetProperty("features").EnumerateArray())
            {
                if (f.GetProperty("statistic").ValueKind == JsonValueKind.Number)
                {
                    var name = $"{f.GetProperty("name").GetString()} ({f.GetProperty("method").GetString()})";
                    if (!features.TryGetValue(name, out var points))
                    {
                        features[name] = points = [];
                    }
                    points.Add((i + 1, f.GetProperty("statistic").GetDouble()));
                }
            }
        }
        return features;
    }

    private static IEnumerable<string> DriftedFeatures(WindowRecord window)
    {
        using var report = JsonDocument.Parse(window.ReportJson);
        return [.. report.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("drift").GetBoolean()).Select(f => f.GetProperty("name").GetString()!)];
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
