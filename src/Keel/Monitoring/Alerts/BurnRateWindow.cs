namespace Keel.Monitoring.Alerts;

/// <summary>
/// One window pair of multi-window, multi-burn-rate SLO alerting (Google SRE Workbook, ch. 5 "Alerting on SLOs"):
/// it alerts while the error budget burns faster than <see cref="BurnRate"/> times the sustainable rate over both the
/// <see cref="Long"/> window and the <see cref="Short"/> one (the short one makes the alert reset soon after the
/// burning stops).
/// </summary>
public sealed record BurnRateWindow(TimeSpan Long, TimeSpan Short, double BurnRate, AlertSeverity Severity)
{
    /// <summary>
    /// The workbook's recommended windows for a 30-day budget: page (critical) at 14.4× over 1h/5m (2% of the budget
    /// in an hour) and 6× over 6h/30m (5% in six hours); ticket (warning) at 3× over 1d/2h (10% in a day) and 1× over
    /// 3d/6h (10% in three days).
    /// </summary>
    public static IReadOnlyList<BurnRateWindow> Defaults { get; } =
    [
        new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 14.4, AlertSeverity.Critical),
        new(TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), 6, AlertSeverity.Critical),
        new(TimeSpan.FromDays(1), TimeSpan.FromHours(2), 3, AlertSeverity.Warning),
        new(TimeSpan.FromDays(3), TimeSpan.FromHours(6), 1, AlertSeverity.Warning),
    ];
}
