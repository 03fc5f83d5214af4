namespace Keel.Monitoring.Alerts;

/// <summary>A snapshot of one alert instance (a rule applied to one series), as the evaluator last saw it.</summary>
public sealed record Alert
{
    /// <summary>The rule's (or SLO's) name; also the <c>alertname</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>The series' labels plus <c>alertname</c> and <c>severity</c>, sorted by name (ordinal).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The rule's annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The rule's severity.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>The state after the evaluation that produced this snapshot.</summary>
    public AlertState State { get; init; }

    /// <summary>The series' value at that evaluation (NaN once the series disappeared).</summary>
    public double Value { get; init; }

    /// <summary>When the value first crossed the fire threshold (the start of pending).</summary>
    public DateTimeOffset ActiveSince { get; init; }

    /// <summary>When the alert started firing (Alertmanager's <c>startsAt</c>); null while pending.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>When the alert resolved (Alertmanager's <c>endsAt</c>); null while active.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>A stable identity of the label set (16 hex digits, FNV-1a 64 over the sorted labels).</summary>
    public string Fingerprint => AlertLabels.Fingerprint(Labels);
}
