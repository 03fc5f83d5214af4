namespace Keel.Monitoring.Alerts;

/// <summary>
/// Turns alert transitions into notifications, after Alertmanager's dispatcher. Firing alerts are grouped by the
/// values of <see cref="GroupingPolicy.By"/>. A new group is flushed <see cref="GroupingPolicy.Wait"/> after its
/// first alert, then every <see cref="GroupingPolicy.Interval"/>. At a flush the group is notified when its content
/// (the set of alert fingerprints and states it would send) differs from what it last sent, or, unchanged, when it
/// still fires and <see cref="GroupingPolicy.Repeat"/> has passed since the last notification; an identical
/// notification is never sent twice within the repeat interval.
/// <para>
/// Resolved alerts are sent once, in the group's next notification, and only if their firing was notified; an
/// alert that fired and resolved between two flushes is never notified. Silenced alerts (at flush time) are left out;
/// a firing one is notified once its silence ends, a resolved one is dropped. Cooldown: an alert (same fingerprint)
/// that fires again less than <see cref="GroupingPolicy.Cooldown"/> after its resolution was notified is held back
/// until that cooldown ends: if it is still firing then, it is notified at the group's next flush; if it resolves
/// before, nobody hears of it.
/// </para>
/// Deterministic (time comes only from the <c>now</c> arguments); not thread-safe.
/// </summary>
public sealed class NotificationDispatcher
{
    private readonly GroupingPolicy _policy;
    private readonly IReadOnlyList<Silence> _silences;
    private readonly SortedDictionary<string, AlertGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _resolutionNotified = new(StringComparer.Ordinal);

    /// <summary>Creates a dispatcher with no groups.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The policy's interval is not positive.</exception>
    public NotificationDispatcher(GroupingPolicy policy, IReadOnlyList<Silence> silences)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(silences);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(policy.Interval, TimeSpan.Zero, nameof(policy));
        _policy = policy;
        _silences = silences;
    }

    /// <summary>Creates a dispatcher with <paramref name="configuration"/>'s grouping and silences.</summary>
    public NotificationDispatcher(AlertConfiguration configuration)
        : this(configuration.Grouping, configuration.Silences)
    {
    }

    /// <summary>The earliest time a group is due to flush, or null when there are no groups; calling <see cref="Advance(DateTimeOffset, IEnumerable{AlertTransition})"/> before it only records transitions.</summary>
    public DateTimeOffset? NextFlush => _groups.Count == 0 ? null : _groups.Values.Min(g => g.NextFlush);

    /// <summary>
    /// Records <paramref name="transitions"/> (only moves to firing or resolved matter) and flushes every group that
    /// is due at <paramref name="now"/>. Returns the notifications to send, ordered by group key.
    /// </summary>
    public IReadOnlyList<Notification> Advance(DateTimeOffset now, IEnumerable<AlertTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        foreach (var transition in transitions)
        {
            Record(transition.Alert, now);
        }
        var notifications = new List<Notification>();
        foreach (var (key, group) in _groups.ToList())
        {
            if (now < group.NextFlush)
            {
                continue;
            }
            if (Flush(group, now) is { } notification)
            {
                notifications.Add(notification);
            }
            while (group.NextFlush <= now)
            {
                group.NextFlush += _policy.Interval;
            }
            if (group.Entries.Count == 0)
            {
                _groups.Remove(key);
            }
        }
        foreach (var (fingerprint, at) in _resolutionNotified.ToList())
        {
            if (now - at >= _policy.Cooldown)
            {
                _resolutionNotified.Remove(fingerprint);
            }
        }
        return notifications;
    }

    /// <summary>Flushes the groups due at <paramref name="now"/> without recording anything new.</summary>
    public IReadOnlyList<Notification> Advance(DateTimeOffset now) => Advance(now, []);

    private void Record(Alert alert, DateTimeOffset now)
    {
        var fingerprint = alert.Fingerprint;
        var groupLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in _policy.By)
        {
            if (alert.Labels.TryGetValue(name, out var value))
            {
                groupLabels[name] = value;
            }
        }
        var key = AlertLabels.Format(groupLabels);
        if (alert.State == AlertState.Firing)
        {
            if (!_groups.TryGetValue(key, out var group))
            {
                group = new AlertGroup(key, groupLabels, now + _policy.Wait);
                _groups[key] = group;
            }
            DateTimeOffset? heldUntil = _resolutionNotified.TryGetValue(fingerprint, out var resolved) && now - resolved < _policy.Cooldown
                ? resolved + _policy.Cooldown
                : null;
            if (group.Entries.TryGetValue(fingerprint, out var known))
            {
                // Fired again before its resolution was sent: still the alert receivers know as firing.
                known.Alert = alert;
            }
            else
            {
                group.Entries[fingerprint] = new AlertGroup.Entry(alert, heldUntil);
            }
        }
        else if (alert.State == AlertState.Resolved && _groups.TryGetValue(key, out var group) && group.Entries.TryGetValue(fingerprint, out var entry))
        {
            entry.Alert = alert;
        }
    }

    private Notification? Flush(AlertGroup group, DateTimeOffset now)
    {
        var visible = new List<AlertGroup.Entry>();
        foreach (var (fingerprint, entry) in group.Entries.ToList())
        {
            var resolved = entry.Alert.State == AlertState.Resolved;
            var silenced = _silences.Any(s => s.Mutes(entry.Alert.Labels, now));
            if (resolved && (!entry.Notified || silenced))
            {
                group.Entries.Remove(fingerprint);
            }
            else if (!silenced && !(entry.HeldUntil > now))
            {
                visible.Add(entry);
            }
        }
        if (visible.Count == 0)
        {
            return null;
        }
        var content = Content(visible);
        NotificationReason? reason = group.LastSent is null ? NotificationReason.New
            : content != group.LastContent ? NotificationReason.Changed
            : now - group.LastSent >= _policy.Repeat ? NotificationReason.Repeat
            : null;
        if (reason is null)
        {
            return null;
        }
        var alerts = visible.Select(e => e.Alert)
            .OrderBy(a => a.State == AlertState.Firing ? 0 : 1).ThenBy(a => a.Fingerprint, StringComparer.Ordinal).ToList();
        foreach (var entry in visible)
        {
            if (entry.Alert.State == AlertState.Resolved)
            {
                group.Entries.Remove(entry.Alert.Fingerprint);
                _resolutionNotified[entry.Alert.Fingerprint] = now;
            }
            else
            {
                entry.Notified = true;
            }
        }
        group.LastSent = now;
        // What the group holds after this notification: its resolved alerts are gone.
        group.LastContent = Content(visible.Where(e => e.Alert.State == AlertState.Firing));
        return new Notification { GroupKey = group.Key, GroupLabels = group.Labels, Alerts = alerts, At = now, Reason = reason.Value };
    }

    private static string Content(IEnumerable<AlertGroup.Entry> entries) =>
        string.Join(",", entries.Select(e => $"{e.Alert.Fingerprint}:{e.Alert.State}").Order(StringComparer.Ordinal));
}
