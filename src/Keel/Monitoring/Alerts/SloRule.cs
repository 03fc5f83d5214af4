namespace Keel.Monitoring.Alerts;

/// <summary>
/// An availability objective for one deployment, watched with multi-window burn-rate alerts. The error ratio comes
/// from two cumulative counters sampled over time, <see cref="TotalMetric"/> (all requests) and
/// <see cref="ErrorsMetric"/> (failed ones), both filtered by <c>deployment</c>.
/// </summary>
public sealed record SloRule
{
    /// <summary>The SLO's name; the <c>alertname</c> of its alerts.</summary>
    public required string Name { get; init; }

    /// <summary>The deployment whose requests count (the <c>deployment</c> label of the counters).</summary>
    public required string Deployment { get; init; }

    /// <summary>The target share of good requests, in (0, 1), e.g. 0.999.</summary>
    public required double Objective { get; init; }

    /// <summary>The counter of all requests.</summary>
    public string TotalMetric { get; init; } = "keel_requests_total";

    /// <summary>The counter of failed requests.</summary>
    public string ErrorsMetric { get; init; } = "keel_request_errors_total";

    /// <summary>The window pairs; pairs of equal severity make one alert.</summary>
    public IReadOnlyList<BurnRateWindow> Windows { get; init; } = BurnRateWindow.Defaults;

    /// <summary>The error budget: the share of requests allowed to fail, <c>1 - objective</c>.</summary>
    public double ErrorBudget => 1 - Objective;
}
