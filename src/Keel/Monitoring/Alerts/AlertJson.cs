using System.Globalization;
using System.Text.Json.Nodes;

namespace Keel.Monitoring.Alerts;

/// <summary>JSON pieces shared by the notifier payloads.</summary>
internal static class AlertJson
{
    /// <summary>Alertmanager's "not set" time (Go's zero time), used as <c>endsAt</c> of firing alerts in webhook messages.</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>RFC 3339 in UTC with up to 7 fractional digits, as Go's time parser accepts.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Object(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var key in values.Keys.Order(StringComparer.Ordinal))
        {
            json[key] = values[key];
        }
        return json;
    }

    public static string Status(Alert alert) => alert.State == AlertState.Resolved ? "resolved" : "firing";
}
