using System.Text.Json.Nodes;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Hands alerts to an Alertmanager through its v2 API: <c>POST {url}/api/v2/alerts</c> with a JSON array of
/// postable alerts (<c>labels</c>, <c>annotations</c>, <c>startsAt</c>, <c>endsAt</c>; the optional
/// <c>generatorURL</c> is left out, since it must be a URI when present).
/// Firing alerts carry no <c>endsAt</c>, so Alertmanager resolves them itself after its <c>resolve_timeout</c>
/// (5m by default) unless they are posted again; resolved ones carry the time they resolved. Alertmanager groups,
/// silences and routes on its own, so the better feed is <see cref="PostAsync(IEnumerable{Alert}, CancellationToken)"/>
/// with every active alert on each evaluation, as Prometheus does; <see cref="INotifier.SendAsync"/> posts one
/// notification's alerts.
/// </summary>
public sealed class AlertmanagerNotifier(HttpClient http, NotifierSpec spec, TimeProvider time, TimeSpan backoff)
    : HttpNotifier(http, spec, time, backoff)
{
    /// <summary>The postable alerts for <paramref name="alerts"/>; pending ones are left out.</summary>
    public static JsonArray Message(IEnumerable<Alert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var array = new JsonArray();
        foreach (var alert in alerts)
        {
            if (alert.State is not (AlertState.Firing or AlertState.Resolved))
            {
                continue;
            }
            var item = new JsonObject
            {
                ["labels"] = AlertJson.Object(alert.Labels),
                ["annotations"] = AlertJson.Object(alert.Annotations),
                ["startsAt"] = AlertJson.Time(alert.FiredAt ?? alert.ActiveSince),
            };
            if (alert.ResolvedAt is { } ended)
            {
                item["endsAt"] = AlertJson.Time(ended);
            }
            array.Add(item);
        }
        return array;
    }

    /// <summary>Posts <paramref name="alerts"/> (firing and resolved ones) to Alertmanager; failures are returned, not thrown.</summary>
    public Task<NotificationResult> PostAsync(IEnumerable<Alert> alerts, CancellationToken cancellationToken) =>
        PostAsync(Target, Message(alerts), cancellationToken);

    /// <inheritdoc/>
    protected override Uri Target => new(Spec.Url, Spec.Url.AbsolutePath.TrimEnd('/') + "/api/v2/alerts");

    /// <inheritdoc/>
    protected override JsonNode Payload(Notification notification) => Message(notification.Alerts);
}
