using System.Globalization;
using System.Text.Json;
using Keel.Retraining;
using Keel.Serving.Deployments;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>
/// How <c>keel quickstart</c> tells its story: headings, one line per simulated day with its figures, the server's
/// events as they happen and a summary — or, with --json, one document at the end.
/// </summary>
internal sealed class Story(Terminal terminal, bool json)
{
    private readonly Lock _gate = new();
    private readonly List<StoryEvent> _events = [];

    public bool Json => json;

    public void Heading(string text)
    {
        if (!json)
        {
            terminal.Out.WriteLine();
            terminal.Out.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
        }
    }

    public void Say(string text)
    {
        if (!json)
        {
            terminal.Out.MarkupLine(Markup.Escape(text));
        }
    }

    /// <summary>Records an event (from the simulation's thread) and prints it.</summary>
    public void Tell(StoryEvent told)
    {
        lock (_gate)
        {
            _events.Add(told);
            if (json)
            {
                return;
            }
            if (told.Figures is { } day)
            {
                terminal.Out.MarkupLine(Markup.Escape(DayLine(day)));
                return;
            }
            var colour = told.Kind switch
            {
                "alert" => told.Text.Contains("firing", StringComparison.Ordinal) ? "red" : "yellow",
                "revision" => "green",
                _ => "blue",
            };
            terminal.Out.MarkupLine($"  [{colour}]▸ {Markup.Escape(Time(told.At))}  {Markup.Escape(told.Text)}[/]");
        }
    }

    /// <summary>The closing figures: the models side by side, latencies, the retrain, the reports; or the JSON document.</summary>
    public void Summary(
        IReadOnlyList<ModelSummary> models, TrafficSimulation simulation, RetrainEntry? ended, DeploymentRevision current,
        IReadOnlyList<string> reports, DateTimeOffset end)
    {
        var latencies = simulation.Latencies.Order().ToArray();
        var p50 = TrafficSimulation.Percentile(latencies, 0.5);
        var p99 = TrafficSimulation.Percentile(latencies, 0.99);
        var windows = simulation.Days.Where(d => d.Window is not null).Select(d => d.Window!).ToList();
        var peak = windows.Count == 0 ? null : windows.MaxBy(w => w.DriftShare);
        var drifted = peak is null ? [] : DriftedFeatures(peak.ReportJson);
        var outcome = ended is null
            ? "no retrain ended within the simulated days"
            : $"retrain {ended.Id} ({ended.Record.Cause}) {RetrainingJournal.Name(ended.Record.Outcome).Replace('_', ' ')}";
        if (json)
        {
            terminal.WriteJson(new
            {
                promoted = ended?.Record.Outcome == RetrainOutcome.Promoted,
                outcome,
                simulated_until = end,
                serving = current.Spec.Primary.ToString(),
                revision = current.Number,
                models = models.Select(m => new { model = m.Reference.ToString(), test_auc = Finite(m.TestAuc), last_two_weeks_auc = Finite(m.RecentAuc), last_two_weeks_rows = m.RecentRows }),
                requests = latencies.Length,
                latency_ms = new { p50 = Finite(p50), p99 = Finite(p99) },
                peak_drift_share = peak?.DriftShare,
                peak_drifted_features = drifted.Select(f => new { feature = f.Name, method = f.Method, score = f.Score, threshold = f.Threshold }),
                events = _events.Where(e => e.Figures is null).Select(e => new { at = e.At, kind = e.Kind, text = e.Text }),
                days = simulation.Days.Select(d => new
                {
                    day = d.Start, requests = d.Requests, p50_ms = Finite(d.P50), p99_ms = Finite(d.P99),
                    drift_share = d.Window?.DriftShare, dataset_drift = d.Window?.DatasetDrift, realized_auc = d.Auc,
                }),
                reports,
            });
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "AUC on its test rows", "AUC on the last 14 days' applications");
        foreach (var m in models)
        {
            table.AddRow(Markup.Escape(m.Reference.ToString()), Number(m.TestAuc), $"{Number(m.RecentAuc)} ({m.RecentRows:N0} rows)");
        }
        terminal.Out.Write(table);
        terminal.Out.MarkupLine(Markup.Escape(
            $"{latencies.Length:N0} requests over HTTP, one application each: p50 {Number(p50, "0.00")} ms, p99 {Number(p99, "0.00")} ms (real time, every prediction committed to the inference log first)"));
        if (peak is not null)
        {
            terminal.Out.MarkupLine(Markup.Escape($"peak drift: {Number(peak.DriftShare, "0.00")} of the features drifted in the window ending {Time(peak.End)}: "
                + string.Join(", ", drifted.Select(f => $"{f.Name} ({f.Method} {Number(f.Score, "0.0000")} > {Number(f.Threshold, "0.###")})"))));
        }
        var colour = ended?.Record.Outcome == RetrainOutcome.Promoted ? "green" : "red";
        terminal.Out.MarkupLine($"[{colour}]{Markup.Escape(outcome)}[/]; now serving {Markup.Escape(current.Spec.Primary.ToString())} (revision {current.Number})");
        terminal.Out.WriteLine();
        terminal.Out.MarkupLine("Reports:");
        foreach (var report in reports)
        {
            terminal.Out.MarkupLine($"  {Markup.Escape(report)}");
        }
        terminal.Out.WriteLine();
        terminal.Out.MarkupLine(Markup.Escape("Explore (from the quickstart folder): keel deploy history credit · keel monitor history --deployment credit · keel runs list · keel models list"));
    }

    /// <summary>The drifted features of a window's drift report, most drifted (score over threshold) first.</summary>
    private static List<(string Name, string Method, double Score, double Threshold)> DriftedFeatures(string reportJson)
    {
        using var report = JsonDocument.Parse(reportJson);
        return [.. report.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("drift").GetBoolean())
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("method").GetString()!, f.GetProperty("statistic").GetDouble(), f.GetProperty("threshold").GetDouble()))
            .OrderByDescending(f => f.Item3 / f.Item4)];
    }

    private static string DayLine(StoryDay day)
    {
        var drift = day.Window is { } w
            ? $"drift {w.DriftShare.ToString("0.00", CultureInfo.InvariantCulture)}{(w.DatasetDrift ? " DRIFT" : "")}"
            : "drift  -  ";
        var auc = day.Auc.Count == 0 ? "" : "  realized AUC " + string.Join(" ", day.Auc.Select(a => $"v{a.Key} {a.Value.ToString("0.000", CultureInfo.InvariantCulture)}"));
        return $"{day.Start.UtcDateTime.ToString("MMM dd", CultureInfo.InvariantCulture)}  {day.Requests,4} requests  p50 {Number(day.P50, "0.0"),4} ms  p99 {Number(day.P99, "0.0"),5} ms  {drift}{auc}";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("MMM dd HH:mm", CultureInfo.InvariantCulture);

    private static string Number(double value, string format = "0.000") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
