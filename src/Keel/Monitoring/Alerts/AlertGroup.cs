namespace Keel.Monitoring.Alerts;

/// <summary>The dispatcher's state for one group of alerts (equal grouping-label values).</summary>
internal sealed class AlertGroup(string key, IReadOnlyDictionary<string, string> labels, DateTimeOffset firstFlush)
{
    public string Key => key;

    public IReadOnlyDictionary<string, string> Labels => labels;

    /// <summary>The group's alerts by fingerprint.</summary>
    public Dictionary<string, Entry> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>When the group is next due to flush.</summary>
    public DateTimeOffset NextFlush { get; set; } = firstFlush;

    /// <summary>When the group was last notified; null before its first notification.</summary>
    public DateTimeOffset? LastSent { get; set; }

    /// <summary>The fingerprints and states the group held after its last notification.</summary>
    public string LastContent { get; set; } = "";

    /// <summary>One alert of the group.</summary>
    internal sealed class Entry(Alert alert, DateTimeOffset? heldUntil)
    {
        /// <summary>The alert's latest snapshot.</summary>
        public Alert Alert { get; set; } = alert;

        /// <summary>Until when a re-firing is held back by the cooldown; null when it is not.</summary>
        public DateTimeOffset? HeldUntil => heldUntil;

        /// <summary>Whether its firing has been notified (so its resolution will be).</summary>
        public bool Notified { get; set; }
    }
}
