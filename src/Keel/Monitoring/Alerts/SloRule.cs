namespace Keel.Monitoring.Alerts;

/// <summary>
/// An availability objective for one deployment, watched with multi-window burn-rate alerts. The error ratio comes
/// from cumulative counters sampled over time: the series of <see cref="TotalMetric"/> (all requests) and those of
/// <see cref="ErrorsMetric"/> whose labels match <see cref="ErrorLabels"/> (failed ones), all with the SLO's
/// <c>deployment</c> label. By default both are the server's <c>keel_inference_requests_total</c>, errors being the
/// series whose <c>code</c> is 5xx.
/// </summary>
public sealed record SloRule
{
    /// <summary>The SLO's name; the <c>alertname</c> of its alerts.</summary>
    public required string Name { get; init; }

    /// <summary>The deployment whose requests count (the <c>deployment</c> label of the counters).</summary>
    public required string Deployment { get; init; }

    /// <summary>The target share of good requests, in (0, 1), e.g. 0.999.</summary>
    public required double Objective { get; init; }

    /// <summary>The server's request counter, by deployment, role, model, model version and HTTP status <c>code</c>.</summary>
    public const string ServerRequests = "keel_inference_requests_total";

    /// <summary>The counter of all requests.</summary>
    public string TotalMetric { get; init; } = ServerRequests;

    /// <summary>The counter of failed requests (may be <see cref="TotalMetric"/>, filtered by <see cref="ErrorLabels"/>).</summary>
    public string ErrorsMetric { get; init; } = ServerRequests;

    /// <summary>Label → regular expression, matched against the whole value (as Prometheus' <c>=~</c>): which series of <see cref="ErrorsMetric"/> count as failures.</summary>
    public IReadOnlyDictionary<string, string> ErrorLabels { get; init; } = ServerErrors;

    /// <summary>The default <see cref="ErrorLabels"/>: HTTP status 5xx.</summary>
    public static IReadOnlyDictionary<string, string> ServerErrors { get; } = new Dictionary<string, string> { ["code"] = "5.." };

    /// <summary>The window pairs; pairs of equal severity make one alert.</summary>
    public IReadOnlyList<BurnRateWindow> Windows { get; init; } = BurnRateWindow.Defaults;

    /// <summary>The error budget: the share of requests allowed to fail, <c>1 - objective</c>.</summary>
    public double ErrorBudget => 1 - Objective;
}
