namespace Keel.Monitoring.Alerts;

/// <summary>Where an alert instance is in its life: inactive → pending → firing → resolved.</summary>
public enum AlertState
{
    /// <summary>The condition does not hold (or the series is unknown).</summary>
    Inactive,

    /// <summary>The fire threshold was crossed; waiting for the rule's <c>for</c> duration to pass.</summary>
    Pending,

    /// <summary>The condition has held for the rule's <c>for</c> duration.</summary>
    Firing,

    /// <summary>Was firing; the value crossed the resolve threshold or the series disappeared.</summary>
    Resolved,
}
