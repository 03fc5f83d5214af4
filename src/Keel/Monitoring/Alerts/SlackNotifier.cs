using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Posts to a Slack incoming webhook (or anything that accepts its payload, e.g. Mattermost): a <c>text</c> line
/// such as <c>[FIRING:2] high-drift</c> that also serves as the fallback, and one attachment coloured by status and
/// severity listing each alert with its labels, value and summary.
/// </summary>
public sealed class SlackNotifier(HttpClient http, NotifierSpec spec, TimeProvider time, TimeSpan backoff)
    : HttpNotifier(http, spec, time, backoff)
{
    /// <summary>The Slack payload for <paramref name="notification"/>.</summary>
    public static JsonObject Message(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var firing = notification.Alerts.Count(a => a.State == AlertState.Firing);
        var title = firing > 0
            ? $"[FIRING:{firing}] {Describe(notification.GroupLabels)}"
            : $"[RESOLVED] {Describe(notification.GroupLabels)}";
        var lines = new StringBuilder();
        foreach (var alert in notification.Alerts)
        {
            var labels = alert.Labels.Where(l => l.Key is not (AlertLabels.AlertName or AlertLabels.Severity))
                .Select(l => $"{l.Key}={l.Value}");
            lines.Append(alert.State == AlertState.Firing ? "🔥 " : "✅ ")
                .Append('*').Append(alert.Name).Append("* (").Append(AlertLabels.Text(alert.Severity)).Append(") ")
                .Append(string.Join(", ", labels));
            if (double.IsFinite(alert.Value))
            {
                lines.Append(CultureInfo.InvariantCulture, $" value {alert.Value:G6}");
            }
            if (alert.Annotations.TryGetValue("summary", out var summary))
            {
                lines.Append(" — ").Append(summary);
            }
            lines.Append('\n');
        }
        var color = firing == 0 ? "good"
            : notification.Alerts.Any(a => a.State == AlertState.Firing && a.Severity == AlertSeverity.Critical) ? "danger"
            : "warning";
        return new JsonObject
        {
            ["text"] = title,
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["fallback"] = title,
                    ["color"] = color,
                    ["title"] = title,
                    ["text"] = lines.ToString().TrimEnd('\n'),
                    ["footer"] = "keel",
                    ["ts"] = notification.At.ToUnixTimeSeconds(),
                },
            },
        };
    }

    /// <inheritdoc/>
    protected override JsonNode Payload(Notification notification) => Message(notification);

    private static string Describe(IReadOnlyDictionary<string, string> groupLabels) =>
        groupLabels.Count == 0 ? "alerts" : string.Join(" ", groupLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key == AlertLabels.AlertName ? l.Value : $"{l.Key}={l.Value}"));
}
