namespace Keel.Registry;

/// <summary>A configured webhook: registry events of the listed kinds (or <c>*</c>) are POSTed to <paramref name="Url"/>.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Url">An http or https URL.</param>
/// <param name="Events">Event kinds, or <c>*</c> for all.</param>
/// <param name="HasSecret">Whether bodies are signed (HMAC-SHA256 in <c>X-Keel-Signature-256</c>).</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record Webhook(long Id, Uri Url, IReadOnlyList<string> Events, bool HasSecret, DateTimeOffset CreatedAt);

/// <summary>The state of one event's delivery to one webhook.</summary>
public sealed record WebhookDelivery(long EventId, long WebhookId, string Kind, string Status, int Attempts, DateTimeOffset NextAttempt, string? LastError, DateTimeOffset? DeliveredAt);
