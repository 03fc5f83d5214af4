using System.Text.Json.Nodes;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Posts the generic JSON message of Alertmanager's webhook receiver (version 4): <c>version</c>, <c>groupKey</c>,
/// <c>truncatedAlerts</c>, <c>status</c>, <c>receiver</c>, <c>groupLabels</c>, <c>commonLabels</c>,
/// <c>commonAnnotations</c>, <c>externalURL</c> and <c>alerts[]</c> (<c>status</c>, <c>labels</c>,
/// <c>annotations</c>, <c>startsAt</c>, <c>endsAt</c>, <c>generatorURL</c>, <c>fingerprint</c>), so any receiver
/// written for Alertmanager reads it.
/// </summary>
public sealed class WebhookNotifier(HttpClient http, NotifierSpec spec, TimeProvider time, TimeSpan backoff)
    : HttpNotifier(http, spec, time, backoff)
{
    /// <summary>The message for <paramref name="notification"/>.</summary>
    public static JsonObject Message(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var alerts = new JsonArray();
        foreach (var alert in notification.Alerts)
        {
            alerts.Add(new JsonObject
            {
                ["status"] = AlertJson.Status(alert),
                ["labels"] = AlertJson.Object(alert.Labels),
                ["annotations"] = AlertJson.Object(alert.Annotations),
                ["startsAt"] = AlertJson.Time(alert.FiredAt ?? alert.ActiveSince),
                ["endsAt"] = alert.ResolvedAt is { } ended ? AlertJson.Time(ended) : AlertJson.ZeroTime,
                ["generatorURL"] = "",
                ["fingerprint"] = alert.Fingerprint,
            });
        }
        return new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = notification.GroupKey,
            ["truncatedAlerts"] = 0,
            ["status"] = notification.Status,
            ["receiver"] = notification.Receiver,
            ["groupLabels"] = AlertJson.Object(notification.GroupLabels),
            ["commonLabels"] = AlertJson.Object(notification.CommonLabels),
            ["commonAnnotations"] = AlertJson.Object(notification.CommonAnnotations),
            ["externalURL"] = "",
            ["alerts"] = alerts,
        };
    }

    /// <inheritdoc/>
    protected override JsonNode Payload(Notification notification) => Message(notification);
}
