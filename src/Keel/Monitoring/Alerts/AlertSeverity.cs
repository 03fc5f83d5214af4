namespace Keel.Monitoring.Alerts;

/// <summary>How urgent an alert is; written as the <c>severity</c> label (<c>info</c>, <c>warning</c>, <c>critical</c>).</summary>
public enum AlertSeverity
{
    /// <summary>For the record; nobody needs to act.</summary>
    Info,

    /// <summary>Someone should look during working hours (a ticket).</summary>
    Warning,

    /// <summary>Someone should act now (a page).</summary>
    Critical,
}
