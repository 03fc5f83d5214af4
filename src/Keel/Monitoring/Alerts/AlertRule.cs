namespace Keel.Monitoring.Alerts;

/// <summary>
/// A threshold rule: every series of <see cref="Metric"/> whose labels match <see cref="Matchers"/> is one alert
/// instance. An instance becomes pending when its value crosses <see cref="Fire"/>, firing once it has stayed on the
/// alerting side of <see cref="Resolve"/> for <see cref="For"/>, and resolved when it crosses <see cref="Resolve"/>
/// back (hysteresis) or its series disappears.
/// </summary>
public sealed record AlertRule
{
    /// <summary>The rule's name, also the alert's <c>alertname</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>The metric the rule watches.</summary>
    public required string Metric { get; init; }

    /// <summary>Label values a series must have (equality) to be watched; empty watches every series.</summary>
    public IReadOnlyDictionary<string, string> Matchers { get; init; } = new Dictionary<string, string>();

    /// <summary>How the value is compared with the thresholds.</summary>
    public AlertCondition Condition { get; init; }

    /// <summary>The value that starts an alert.</summary>
    public double Fire { get; init; }

    /// <summary>
    /// The value that ends it: an active alert stays active while the value is still on the alerting side of this
    /// threshold. Equal to <see cref="Fire"/> when not given; never on the alerting side of <see cref="Fire"/>.
    /// </summary>
    public double Resolve { get; init; }

    /// <summary>How long the alert must stay pending before it fires; zero fires at once.</summary>
    public TimeSpan For { get; init; }

    /// <summary>The alert's <c>severity</c> label.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>Free text attached to the alert (summary, description, runbook); <c>{{ $value }}</c> and <c>{{ $labels.NAME }}</c> are filled in.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether <paramref name="value"/> is past the fire threshold.</summary>
    public bool Crosses(double value) => IsPast(value, Fire);

    /// <summary>Whether an active alert with <paramref name="value"/> stays active (is still past the resolve threshold).</summary>
    public bool Holds(double value) => IsPast(value, Resolve);

    /// <summary>Whether <paramref name="value"/> is past <paramref name="threshold"/> in the rule's direction; NaN never is.</summary>
    public bool IsPast(double value, double threshold) => Condition switch
    {
        AlertCondition.Above => value > threshold,
        AlertCondition.AtOrAbove => value >= threshold,
        AlertCondition.Below => value < threshold,
        _ => value <= threshold,
    };
}
