namespace Keel.Monitoring.Alerts;

/// <summary>Why the dispatcher sent a notification.</summary>
public enum NotificationReason
{
    /// <summary>The first notification of a group, after its wait.</summary>
    New,

    /// <summary>The group's alerts changed (one fired or resolved) since its last notification.</summary>
    Changed,

    /// <summary>Nothing changed, but the group still fires and its repeat interval has passed.</summary>
    Repeat,
}
