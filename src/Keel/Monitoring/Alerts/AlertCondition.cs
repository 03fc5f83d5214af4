namespace Keel.Monitoring.Alerts;

/// <summary>How a rule compares a sample's value with its thresholds.</summary>
public enum AlertCondition
{
    /// <summary><c>&gt;</c>: fires when the value rises above the threshold.</summary>
    Above,

    /// <summary><c>&gt;=</c>.</summary>
    AtOrAbove,

    /// <summary><c>&lt;</c>: fires when the value falls below the threshold.</summary>
    Below,

    /// <summary><c>&lt;=</c>.</summary>
    AtOrBelow,
}
