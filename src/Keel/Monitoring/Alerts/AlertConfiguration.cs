namespace Keel.Monitoring.Alerts;

/// <summary>A parsed alert rules file (see <see cref="AlertFile"/> and docs/alerts.md).</summary>
public sealed record AlertConfiguration
{
    /// <summary>The threshold rules, in file order.</summary>
    public IReadOnlyList<AlertRule> Rules { get; init; } = [];

    /// <summary>The SLOs watched with burn-rate alerts, in file order.</summary>
    public IReadOnlyList<SloRule> Slos { get; init; } = [];

    /// <summary>How alerts are grouped into notifications.</summary>
    public GroupingPolicy Grouping { get; init; } = GroupingPolicy.Default;

    /// <summary>The silences.</summary>
    public IReadOnlyList<Silence> Silences { get; init; } = [];

    /// <summary>Where notifications go.</summary>
    public IReadOnlyList<NotifierSpec> Notifiers { get; init; } = [];
}
