namespace Keel.Monitoring.Alerts;

/// <summary>
/// How <see cref="NotificationDispatcher"/> batches alerts, after Alertmanager's route settings: alerts with equal
/// values of the <see cref="By"/> labels form one group, notified as one message.
/// </summary>
/// <param name="By">The labels that key a group; empty puts every alert in one group.</param>
/// <param name="Wait">How long a new group waits for more alerts before its first notification (group_wait).</param>
/// <param name="Interval">The least time between two notifications of a group whose alerts changed (group_interval).</param>
/// <param name="Repeat">After how long an unchanged group that still fires is notified again (repeat_interval).</param>
/// <param name="Cooldown">After an alert's resolution is notified, how long a re-firing of the same alert is held back.</param>
public sealed record GroupingPolicy(IReadOnlyList<string> By, TimeSpan Wait, TimeSpan Interval, TimeSpan Repeat, TimeSpan Cooldown)
{
    /// <summary>Alertmanager's defaults (by alertname; 30s, 5m, 4h) and a 15-minute cooldown.</summary>
    public static GroupingPolicy Default { get; } = new(["alertname"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4), TimeSpan.FromMinutes(15));
}
