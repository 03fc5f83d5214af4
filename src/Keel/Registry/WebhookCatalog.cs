using Keel.Storage;

namespace Keel.Registry;

/// <summary>The webhooks registry events are posted to. Thread-safe.</summary>
public sealed class WebhookCatalog
{
    private readonly MetadataStore _store;

    /// <summary>Creates a catalog over <paramref name="store"/> (not owned).</summary>
    public WebhookCatalog(MetadataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The event kinds a webhook can subscribe to.</summary>
    public static IReadOnlyList<string> EventKinds => RegistryEvents.Kinds;

    /// <summary>Adds a webhook for <paramref name="events"/> (empty: all). Events recorded from now on are delivered to it.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), or an event kind is unknown; the message lists the kinds.</exception>
    public Task<Webhook> AddAsync(string url, IReadOnlyList<string> events, string? secret, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"webhook URL '{url}' is not an absolute http:// or https:// URL", nameof(url));
        }
        foreach (var kind in events)
        {
            if (kind != "*" && !EventKinds.Contains(kind))
            {
                throw new ArgumentException($"unknown event '{kind}'; expected one of: {string.Join(", ", EventKinds)} (or * for all)", nameof(events));
            }
        }
        var list = events.Count == 0 || events.Contains("*") ? "*" : string.Join(',', events.Distinct(StringComparer.Ordinal));
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            using var insert = MetadataStore.Command(connection, transaction,
                "INSERT INTO webhooks (url, events, secret, created_at) VALUES (@url, @events, @secret, @now) RETURNING id");
            var id = await insert.Bind("@url", uri.AbsoluteUri).Bind("@events", list).Bind("@secret", string.IsNullOrEmpty(secret) ? null : secret)
                .Bind("@now", now).ScalarInt64Async(cancellationToken).ConfigureAwait(false);
            return new Webhook(id, uri, list.Split(','), !string.IsNullOrEmpty(secret), StoreTime.Parse(now));
        }, cancellationToken);
    }

    /// <summary>Every webhook, by id.</summary>
    public Task<List<Webhook>> ListAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, "SELECT id, url, events, secret IS NOT NULL, created_at FROM webhooks ORDER BY id");
            return await command.ListAsync(r => new Webhook(r.GetInt64(0), new Uri(r.GetString(1)), r.GetString(2).Split(','), r.GetInt64(3) != 0, r.GetTime(4)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Removes a webhook and its undelivered events; false when it did not exist.</summary>
    public Task<bool> RemoveAsync(long id, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, _) =>
        {
            using (var deliveries = MetadataStore.Command(connection, transaction, "DELETE FROM webhook_deliveries WHERE webhook_id = @id"))
            {
                await deliveries.Bind("@id", id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            using var delete = MetadataStore.Command(connection, transaction, "DELETE FROM webhooks WHERE id = @id");
            return await delete.Bind("@id", id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken);

    /// <summary>Deliveries of the newest events first (for <c>keel webhooks list</c>).</summary>
    public Task<List<WebhookDelivery>> GetDeliveriesAsync(int limit = 50, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, """
                SELECT d.event_id, d.webhook_id, e.kind, d.status, d.attempts, d.next_attempt, d.last_error, d.delivered_at
                FROM webhook_deliveries d JOIN registry_events e ON e.id = d.event_id
                ORDER BY d.event_id DESC, d.webhook_id LIMIT @limit
                """);
            return await command.Bind("@limit", limit).ListAsync(r => new WebhookDelivery(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
                r.GetInt32(4), r.GetTime(5), r.GetStringOrNull(6), r.GetTimeOrNull(7)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
}
