using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Keel.Storage;

namespace Keel.Registry;

/// <summary>
/// Delivers registry events to webhooks: each due delivery is claimed (so two dispatchers never post it at once),
/// POSTed as JSON with <c>X-Keel-Event</c>, <c>X-Keel-Delivery</c> and, when the webhook has a secret,
/// <c>X-Keel-Signature-256: sha256=HEX</c> (HMAC-SHA256 of the body, as GitHub signs its webhooks). A 2xx answer
/// marks it delivered; anything else is retried with exponential backoff (2 s, 4 s, … capped at an hour) until
/// <see cref="MaxAttempts"/>, then marked failed. Delivery is at least once: a receiver should use the delivery id to
/// drop duplicates.
/// </summary>
public sealed class WebhookDispatcher
{
    private readonly MetadataStore _store;
    private readonly HttpClient _http;

    /// <summary>Creates a dispatcher; <paramref name="http"/> is not owned.</summary>
    public WebhookDispatcher(MetadataStore store, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(http);
        _store = store;
        _http = http;
    }

    /// <summary>Attempts before a delivery is given up as failed.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>How long one POST may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Posts every delivery that is due now; returns how many were delivered, will be retried, and failed for good.</summary>
    public async Task<WebhookDispatchResult> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var due = await _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, """
                SELECT d.event_id, d.webhook_id, e.kind, e.payload_json, w.url, w.secret, d.attempts
                FROM webhook_deliveries d
                JOIN registry_events e ON e.id = d.event_id
                JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt <= @now
                ORDER BY d.event_id, d.webhook_id
                """);
            return await command.Bind("@now", _store.Now()).ListAsync(r => (Event: r.GetInt64(0), Webhook: r.GetInt64(1), Kind: r.GetString(2),
                Payload: r.GetString(3), Url: r.GetString(4), Secret: r.GetStringOrNull(5), Attempts: r.GetInt32(6)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        int delivered = 0, retrying = 0, failed = 0;
        foreach (var d in due)
        {
            if (!await ClaimAsync(d.Event, d.Webhook, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            var error = await PostAsync(d.Url, d.Kind, d.Event, d.Payload, d.Secret, cancellationToken).ConfigureAwait(false);
            var attempts = d.Attempts + 1;
            var status = error is null ? "delivered" : attempts >= MaxAttempts ? "failed" : "pending";
            var next = _store.TimeProvider.GetUtcNow() + Backoff(attempts);
            await _store.WriteAsync(async (connection, transaction, now) =>
            {
                using var update = MetadataStore.Command(connection, transaction, """
                    UPDATE webhook_deliveries SET status = @status, attempts = @attempts, last_error = @error,
                        next_attempt = @next, delivered_at = CASE WHEN @status = 'delivered' THEN @now ELSE NULL END
                    WHERE event_id = @event AND webhook_id = @webhook
                    """);
                return await update.Bind("@status", status).Bind("@attempts", attempts).Bind("@error", error)
                    .Bind("@next", StoreTime.Format(next)).Bind("@now", now).Bind("@event", d.Event).Bind("@webhook", d.Webhook)
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            switch (status)
            {
                case "delivered": delivered++; break;
                case "failed": failed++; break;
                default: retrying++; break;
            }
        }
        return new WebhookDispatchResult(delivered, retrying, failed);
    }

    /// <summary>Delivers due events every <paramref name="interval"/> (on the store's clock) until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DeliverDueAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(interval, _store.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 2^attempts seconds, at most an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(attempts, 12))));

    /// <summary>The signature header's value for <paramref name="body"/>: <c>sha256=</c> and the lowercase hex HMAC.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private Task<bool> ClaimAsync(long eventId, long webhookId, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            // Push the due time past this attempt, so a concurrent dispatcher does not pick the same delivery.
            var lease = StoreTime.Format(_store.TimeProvider.GetUtcNow() + (RequestTimeout * 2));
            using var claim = MetadataStore.Command(connection, transaction, """
                UPDATE webhook_deliveries SET next_attempt = @lease
                WHERE event_id = @event AND webhook_id = @webhook AND status = 'pending' AND next_attempt <= @now
                """);
            return await claim.Bind("@lease", lease).Bind("@event", eventId).Bind("@webhook", webhookId).Bind("@now", now)
                .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);

    private async Task<string?> PostAsync(string url, string kind, long eventId, string payload, string? secret, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Keel-Event", kind);
        request.Headers.Add("X-Keel-Delivery", eventId.ToString(CultureInfo.InvariantCulture));
        if (secret is not null)
        {
            request.Headers.Add("X-Keel-Signature-256", Signature(secret, body));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {RequestTimeout.TotalSeconds:0} s";
        }
    }
}

/// <summary>What one <see cref="WebhookDispatcher.DeliverDueAsync"/> pass did.</summary>
public sealed record WebhookDispatchResult(int Delivered, int Retrying, int Failed);
