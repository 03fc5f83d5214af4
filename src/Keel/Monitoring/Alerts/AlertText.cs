using Keel.Data.Quality;

namespace Keel.Monitoring.Alerts;

/// <summary>How alert settings are written back in the rules file's own notation (for listings and messages).</summary>
public static class AlertText
{
    /// <summary>A duration as "1d 2h", "5m", "30s"; zero is "0s".</summary>
    public static string Duration(TimeSpan duration) => DurationText.Format(duration);

    /// <summary>The condition's operator: <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</summary>
    public static string Operator(AlertCondition condition) => condition switch
    {
        AlertCondition.Above => ">",
        AlertCondition.AtOrAbove => ">=",
        AlertCondition.Below => "<",
        _ => "<=",
    };
}
