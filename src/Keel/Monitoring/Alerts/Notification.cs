namespace Keel.Monitoring.Alerts;

/// <summary>
/// One message about one group of alerts, as notifiers send it (the shape of Alertmanager's webhook message): the
/// group's identity and labels, the labels and annotations all its alerts share, and the alerts themselves.
/// </summary>
public sealed record Notification
{
    /// <summary>Identifies the group: its grouping labels as <c>{alertname="x", deployment="y"}</c>.</summary>
    public required string GroupKey { get; init; }

    /// <summary>The values of the grouping labels.</summary>
    public required IReadOnlyDictionary<string, string> GroupLabels { get; init; }

    /// <summary>The alerts, firing ones first, each ordered by fingerprint.</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>When the dispatcher produced it.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Why it was produced.</summary>
    public required NotificationReason Reason { get; init; }

    /// <summary>The name receivers see (Alertmanager's <c>receiver</c>).</summary>
    public string Receiver { get; init; } = "keel";

    /// <summary><c>firing</c> when any alert fires, else <c>resolved</c>.</summary>
    public string Status => Alerts.Any(a => a.State == AlertState.Firing) ? "firing" : "resolved";

    /// <summary>The labels every alert has with the same value.</summary>
    public IReadOnlyDictionary<string, string> CommonLabels => Common(Alerts.Select(a => a.Labels));

    /// <summary>The annotations every alert has with the same value.</summary>
    public IReadOnlyDictionary<string, string> CommonAnnotations => Common(Alerts.Select(a => a.Annotations));

    private static SortedDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> sets)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var set in sets)
        {
            if (common is null)
            {
                common = new SortedDictionary<string, string>(set.ToDictionary(), StringComparer.Ordinal);
                continue;
            }
            foreach (var key in common.Keys.ToList())
            {
                if (!set.TryGetValue(key, out var value) || value != common[key])
                {
                    common.Remove(key);
                }
            }
        }
        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
