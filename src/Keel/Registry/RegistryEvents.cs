using System.Text.Json;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Registry;

/// <summary>
/// The registry's outbox: an event is written in the same transaction as the change it reports, together with one
/// pending delivery per webhook subscribed to its kind, so an event is never lost between the change and the post
/// (<see cref="WebhookDispatcher"/> delivers them).
/// </summary>
internal static class RegistryEvents
{
    public const string VersionCreated = "model_version.created";
    public const string AliasMoved = "alias.moved";
    public const string GateFailed = "gate.failed";
    public const string VersionArchived = "model_version.archived";

    public static IReadOnlyList<string> Kinds { get; } = [VersionCreated, AliasMoved, GateFailed, VersionArchived];

    public static async Task AppendAsync(
        SqliteConnection connection, SqliteTransaction transaction, string now, string kind, string subject, object payload,
        CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?> { ["event"] = kind, ["subject"] = subject, ["at"] = now };
        foreach (var property in JsonSerializer.SerializeToElement(payload).EnumerateObject())
        {
            body[property.Name] = property.Value;
        }
        long id;
        using (var insert = MetadataStore.Command(connection, transaction,
            "INSERT INTO registry_events (kind, subject, payload_json, at) VALUES (@kind, @subject, @payload, @now) RETURNING id"))
        {
            id = await insert.Bind("@kind", kind).Bind("@subject", subject).Bind("@payload", JsonSerializer.Serialize(body)).Bind("@now", now)
                .ScalarInt64Async(cancellationToken).ConfigureAwait(false);
        }
        using var deliveries = MetadataStore.Command(connection, transaction, """
            INSERT INTO webhook_deliveries (event_id, webhook_id, status, next_attempt)
            SELECT @event, id, 'pending', @now FROM webhooks
            WHERE events = '*' OR (',' || events || ',') LIKE ('%,' || @kind || ',%')
            """);
        await deliveries.Bind("@event", id).Bind("@now", now).Bind("@kind", kind).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
