using System.Globalization;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary>How the <c>keel runs</c> commands print run fields: status colours, times, durations, metric values, sizes.</summary>
internal static class RunFormat
{
    // What `runs list` shows per run when present, in this order (at most two): the headline metric of each task.
    private static readonly string[] s_mainMetrics = ["auc", "rmse", "accuracy", "r2", "log_loss", "mae"];

    /// <summary>The status as lower-case text, as <c>--json</c> and <c>--status</c> spell it.</summary>
    public static string Name(RunStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The step status as lower-case text.</summary>
    public static string Name(StepStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status as Spectre markup: green succeeded, red failed, yellow interrupted, blue running.</summary>
    public static string Markup(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "[green]succeeded[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Interrupted => "[yellow]interrupted[/]",
        _ => "[blue]running[/]",
    };

    /// <summary>The step status as Spectre markup, in the colours of <see cref="Markup(RunStatus)"/>; skipped and pending are grey.</summary>
    public static string Markup(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "[green]succeeded[/]",
        StepStatus.Failed => "[red]failed[/]",
        StepStatus.Running => "[blue]running[/]",
        _ => $"[grey]{Name(status)}[/]",
    };

    /// <summary>A UTC time to the second; empty for null.</summary>
    public static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    /// <summary><c>850ms</c>, <c>12.3s</c>, <c>4m 05s</c>, <c>2h 03m</c>; <c>—</c> for null (not ended).</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0}ms",
        { TotalMinutes: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#}s"),
        { TotalHours: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}m {d.Seconds:00}s"),
        { } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours}h {d.Minutes:00}m"),
    };

    /// <summary>Seconds, for <c>--json</c>; null while not ended.</summary>
    public static double? Seconds(TimeSpan? duration) => duration?.TotalSeconds;

    /// <summary>A metric value to four decimals (more significant digits when it is tiny); <c>NaN</c> for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : value != 0 && Math.Abs(value) < 1e-3 ? value.ToString("G4", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A byte count in B, KiB, MiB or GiB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    /// <summary>A run's summary as <c>--json</c> prints it (list, compare), with its final metrics when given.</summary>
    public static object Json(RunRecord run, IReadOnlyDictionary<string, double>? metrics = null) => new
    {
        id = run.Id,
        pipeline = run.Pipeline,
        status = Name(run.Status),
        trigger = new { kind = run.Trigger.Kind, detail = run.Trigger.Detail },
        started_at = run.StartedAt,
        ended_at = run.EndedAt,
        duration_seconds = Seconds(run.Duration),
        error = run.Error,
        metrics,
    };

    /// <summary>The headline metrics a run has (at most two, e.g. auc and accuracy, or rmse and r2) as <c>auc 0.8123</c>.</summary>
    public static string MainMetrics(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", s_mainMetrics.Where(metrics.ContainsKey).Take(2).Select(name => $"{name} {Number(metrics[name])}"));
}
