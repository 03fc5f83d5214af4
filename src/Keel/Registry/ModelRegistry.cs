using System.Data.Common;
using System.Text.Json;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Registry;

/// <summary>
/// The model registry: registered models, immutable numbered versions (files in the artifact store), aliases such as
/// <c>champion</c> and <c>challenger</c> with their full history, tags and descriptions. Moving an alias checks the
/// given gates first; every change writes an audit record and a registry event for webhooks in the same transaction.
/// </summary>
/// <remarks>Thread-safe and safe across processes: each write is one <c>BEGIN IMMEDIATE</c> transaction.</remarks>
public sealed class ModelRegistry
{
    private const string VersionColumns = "name, version, content_id, algorithm, task, metrics_json, run_id, source, description, archived, created_at";

    private readonly MetadataStore _store;
    private readonly string _actor;

    /// <summary>Creates a registry over <paramref name="store"/> (not owned); <paramref name="actor"/> defaults to the OS user.</summary>
    public ModelRegistry(MetadataStore store, string? actor = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _actor = string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor;
    }

    /// <summary>
    /// Registers the model file <paramref name="contentId"/> (already in the artifact store) as the next version of
    /// <paramref name="name"/>, creating the model on first use. The same file registered again returns the existing
    /// version with <c>Created = false</c> (a re-run served from cache does not add versions).
    /// </summary>
    /// <exception cref="ArgumentException">A bad name.</exception>
    public Task<(ModelVersionRecord Version, bool Created)> RegisterAsync(
        string name, ArtifactId contentId, string algorithm, string task, IReadOnlyDictionary<string, double> metrics,
        long? runId = null, string? source = null, string? description = null, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        RequireName(name);
        return _store.WriteAsync<(ModelVersionRecord, bool)>(async (connection, transaction, now) =>
        {
            using (var model = MetadataStore.Command(connection, transaction, """
                INSERT INTO registered_models (name, created_at, updated_at) VALUES (@name, @now, @now)
                ON CONFLICT (name) DO NOTHING
                """))
            {
                await model.Bind("@name", name).Bind("@now", now).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            using (var existing = MetadataStore.Command(connection, transaction,
                $"SELECT {VersionColumns} FROM model_versions WHERE name = @name AND content_id = @content"))
            {
                if (await existing.Bind("@name", name).Bind("@content", contentId.Value).FirstOrDefaultAsync(ReadVersion, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return (found, false);
                }
            }
            int version;
            using (var next = MetadataStore.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = @name"))
            {
                version = (int)await next.Bind("@name", name).ScalarInt64Async(cancellationToken).ConfigureAwait(false);
            }
            var metricsJson = JsonSerializer.Serialize(metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value));
            using (var insert = MetadataStore.Command(connection, transaction, $"""
                INSERT INTO model_versions ({VersionColumns})
                VALUES (@name, @version, @content, @algorithm, @task, @metrics, @run, @source, @description, 0, @now)
                """))
            {
                await insert.Bind("@name", name).Bind("@version", version).Bind("@content", contentId.Value).Bind("@algorithm", algorithm)
                    .Bind("@task", task).Bind("@metrics", metricsJson).Bind("@run", runId).Bind("@source", source)
                    .Bind("@description", description).Bind("@now", now).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            {
                await UpsertTagAsync(connection, transaction, name, version, key, value, cancellationToken).ConfigureAwait(false);
            }
            await TouchAsync(connection, transaction, name, now, cancellationToken).ConfigureAwait(false);
            var record = new ModelVersionRecord(name, version, contentId, algorithm, task, ParseMetrics(metricsJson), runId, source, description, false, StoreTime.Parse(now));
            var subject = record.Reference.ToString();
            await AuditLog.AppendAsync(connection, transaction, now, _actor, RegistryEvents.VersionCreated, subject,
                JsonSerializer.Serialize(new { content_id = contentId.Value, run_id = runId, source }), cancellationToken).ConfigureAwait(false);
            await RegistryEvents.AppendAsync(connection, transaction, now, RegistryEvents.VersionCreated, subject,
                new { model = name, version, algorithm, task, metrics = record.Metrics, run_id = runId }, cancellationToken).ConfigureAwait(false);
            return (record, true);
        }, cancellationToken);
    }

    /// <summary>The version a reference names (an alias's current version; <c>latest</c> = the newest not archived), or null.</summary>
    public Task<ModelVersionRecord?> ResolveAsync(ModelReference reference, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(connection => ResolveAsync(connection, null, reference, cancellationToken), cancellationToken);

    /// <summary>Every registered model, by name.</summary>
    public Task<List<RegisteredModelSummary>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            List<(string Name, string? Description, int Latest, int Count, DateTimeOffset Created, DateTimeOffset Updated)> models;
            using (var command = MetadataStore.Command(connection, null, """
                SELECT m.name, m.description, COALESCE(MAX(v.version), 0), COUNT(v.version), m.created_at, m.updated_at
                FROM registered_models m LEFT JOIN model_versions v ON v.name = m.name
                GROUP BY m.name, m.description, m.created_at, m.updated_at ORDER BY m.name
                """))
            {
                models = await command.ListAsync(r => (r.GetString(0), r.GetStringOrNull(1), r.GetInt32(2), r.GetInt32(3), r.GetTime(4), r.GetTime(5)), cancellationToken).ConfigureAwait(false);
            }
            var aliases = await AllAliasesAsync(connection, null, cancellationToken).ConfigureAwait(false);
            return models.Select(m => new RegisteredModelSummary(m.Name, m.Description, m.Latest, m.Count,
                aliases.TryGetValue(m.Name, out var a) ? a : new Dictionary<string, int>(), m.Created, m.Updated)).ToList();
        }, cancellationToken);

    /// <summary>The versions of <paramref name="name"/>, oldest first.</summary>
    public Task<List<ModelVersionRecord>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, $"SELECT {VersionColumns} FROM model_versions WHERE name = @name ORDER BY version");
            return await command.Bind("@name", name).ListAsync(ReadVersion, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The aliases of <paramref name="name"/> and the versions they point at.</summary>
    public Task<IReadOnlyDictionary<string, int>> GetAliasesAsync(string name, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyDictionary<string, int>>(async connection =>
            (await AllAliasesAsync(connection, null, cancellationToken).ConfigureAwait(false)).TryGetValue(name, out var a) ? a : new Dictionary<string, int>(),
            cancellationToken);

    /// <summary>The tags of version <paramref name="version"/> (0: the model's own tags).</summary>
    public Task<IReadOnlyDictionary<string, string>> GetTagsAsync(string name, int version, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyDictionary<string, string>>(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, "SELECT key, value FROM model_tags WHERE name = @name AND version = @version ORDER BY key");
            var rows = await command.Bind("@name", name).Bind("@version", version).ListAsync(r => (r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>
    /// Points <paramref name="alias"/> of <paramref name="name"/> at <paramref name="version"/> if every gate passes
    /// (compared with the versions the model's aliases point at now). A failed gate leaves the alias where it was and
    /// records a <c>gate.failed</c> event. Moving an alias to the version it already holds changes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The version does not exist or is archived.</exception>
    public Task<AliasMoveResult> SetAliasAsync(
        string name, string alias, int version, IReadOnlyList<ModelGate>? gates = null, string? reason = null,
        CancellationToken cancellationToken = default)
    {
        RequireName(name);
        RequireAlias(alias);
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            var target = await ResolveAsync(connection, transaction, new ModelReference(name, version, null), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"model '{name}' has no version {version}");
            if (target.Archived)
            {
                throw new InvalidOperationException($"{target.Reference} is archived; an archived version takes no alias");
            }
            var aliases = (await AllAliasesAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(name) ?? new Dictionary<string, int>();
            int? previous = aliases.TryGetValue(alias, out var p) ? p : null;
            var others = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var (otherAlias, otherVersion) in aliases)
            {
                var holder = await ResolveAsync(connection, transaction, new ModelReference(name, otherVersion, null), cancellationToken).ConfigureAwait(false);
                if (holder is not null)
                {
                    others[otherAlias] = holder.Metrics;
                }
            }
            var outcomes = (gates ?? []).Select(g => g.Evaluate(target.Metrics, others)).ToArray();
            var subject = new ModelReference(name, null, alias).ToString();
            if (outcomes.Any(o => !o.Passed))
            {
                await RegistryEvents.AppendAsync(connection, transaction, now, RegistryEvents.GateFailed, subject, new
                {
                    model = name, alias, version, current_version = previous, reason,
                    gates = outcomes.Select(o => new { gate = o.Gate, passed = o.Passed, detail = o.Detail }),
                }, cancellationToken).ConfigureAwait(false);
                await AuditLog.AppendAsync(connection, transaction, now, _actor, RegistryEvents.GateFailed, subject,
                    JsonSerializer.Serialize(new { version, failed = outcomes.Where(o => !o.Passed).Select(o => o.Gate) }), cancellationToken).ConfigureAwait(false);
                return new AliasMoveResult(false, previous, outcomes);
            }
            if (previous == version)
            {
                return new AliasMoveResult(false, previous, outcomes);
            }
            using (var upsert = MetadataStore.Command(connection, transaction, """
                INSERT INTO model_aliases (name, alias, version, updated_at) VALUES (@name, @alias, @version, @now)
                ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
                """))
            {
                await upsert.Bind("@name", name).Bind("@alias", alias).Bind("@version", version).Bind("@now", now).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await RecordAliasChangeAsync(connection, transaction, now, name, alias, version, previous, reason, outcomes, cancellationToken).ConfigureAwait(false);
            return new AliasMoveResult(true, previous, outcomes);
        }, cancellationToken);
    }

    /// <summary>
    /// Records that a candidate for <paramref name="name"/> (and <paramref name="alias"/>, if any) failed its gates
    /// before registration: an audit record and a <c>gate.failed</c> event for webhooks.
    /// </summary>
    public Task RecordGateFailureAsync(
        string name, string? alias, IReadOnlyList<string> failedGates, long? runId, string? reason, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            var subject = alias is null ? $"{ModelReference.Prefix}{name}" : new ModelReference(name, null, alias).ToString();
            await RegistryEvents.AppendAsync(connection, transaction, now, RegistryEvents.GateFailed, subject,
                new { model = name, alias, run_id = runId, reason, failed = failedGates }, cancellationToken).ConfigureAwait(false);
            await AuditLog.AppendAsync(connection, transaction, now, _actor, RegistryEvents.GateFailed, subject,
                JsonSerializer.Serialize(new { run_id = runId, failed = failedGates }), cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <summary>Removes <paramref name="alias"/>; returns false when it did not exist.</summary>
    public Task<bool> RemoveAliasAsync(string name, string alias, string? reason = null, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            var aliases = (await AllAliasesAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(name);
            if (aliases is null || !aliases.TryGetValue(alias, out var previous))
            {
                return false;
            }
            using (var delete = MetadataStore.Command(connection, transaction, "DELETE FROM model_aliases WHERE name = @name AND alias = @alias"))
            {
                await delete.Bind("@name", name).Bind("@alias", alias).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await RecordAliasChangeAsync(connection, transaction, now, name, alias, null, previous, reason, [], cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Every move of the model's aliases (or of one alias), oldest first.</summary>
    public Task<List<AliasChange>> GetAliasHistoryAsync(string name, string? alias = null, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, alias is null
                ? "SELECT name, alias, version, previous_version, at, actor, reason FROM model_alias_history WHERE name = @name ORDER BY id"
                : "SELECT name, alias, version, previous_version, at, actor, reason FROM model_alias_history WHERE name = @name AND alias = @alias ORDER BY id");
            return await command.Bind("@name", name).Bind("@alias", alias).ListAsync(r => new AliasChange(
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3),
                r.GetTime(4), r.GetString(5), r.GetStringOrNull(6)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Sets a tag on a version (<paramref name="version"/> 0: on the model).</summary>
    /// <exception cref="InvalidOperationException">The model or version does not exist.</exception>
    public Task SetTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            await RequireExistsAsync(connection, transaction, name, version, cancellationToken).ConfigureAwait(false);
            await UpsertTagAsync(connection, transaction, name, version, key, value, cancellationToken).ConfigureAwait(false);
            await TouchAsync(connection, transaction, name, now, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <summary>Sets the description of a version (<paramref name="version"/> 0: of the model).</summary>
    /// <exception cref="InvalidOperationException">The model or version does not exist.</exception>
    public Task SetDescriptionAsync(string name, int version, string description, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            await RequireExistsAsync(connection, transaction, name, version, cancellationToken).ConfigureAwait(false);
            using var update = MetadataStore.Command(connection, transaction, version == 0
                ? "UPDATE registered_models SET description = @text WHERE name = @name"
                : "UPDATE model_versions SET description = @text WHERE name = @name AND version = @version");
            await update.Bind("@text", description).Bind("@name", name).Bind("@version", version).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await TouchAsync(connection, transaction, name, now, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <summary>Archives a version: its file stays, it can no longer take an alias.</summary>
    /// <exception cref="InvalidOperationException">The version does not exist, or an alias still points at it.</exception>
    public Task ArchiveAsync(string name, int version, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            await RequireExistsAsync(connection, transaction, name, version, cancellationToken).ConfigureAwait(false);
            var aliases = (await AllAliasesAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(name);
            var holding = aliases?.Where(a => a.Value == version).Select(a => a.Key).ToArray() ?? [];
            if (holding.Length > 0)
            {
                throw new InvalidOperationException($"models:/{name}/{version} still holds alias {string.Join(", ", holding)}; move or remove it first");
            }
            using (var update = MetadataStore.Command(connection, transaction, "UPDATE model_versions SET archived = 1 WHERE name = @name AND version = @version"))
            {
                await update.Bind("@name", name).Bind("@version", version).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            var subject = new ModelReference(name, version, null).ToString();
            await AuditLog.AppendAsync(connection, transaction, now, _actor, RegistryEvents.VersionArchived, subject, null, cancellationToken).ConfigureAwait(false);
            await RegistryEvents.AppendAsync(connection, transaction, now, RegistryEvents.VersionArchived, subject, new { model = name, version }, cancellationToken).ConfigureAwait(false);
            await TouchAsync(connection, transaction, name, now, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <summary>Registry events after <paramref name="afterId"/>, oldest first.</summary>
    public Task<List<RegistryEvent>> GetEventsAsync(long afterId = 0, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, "SELECT id, kind, subject, payload_json, at FROM registry_events WHERE id > @after ORDER BY id");
            return await command.Bind("@after", afterId).ListAsync(r => new RegistryEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetTime(4)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task RecordAliasChangeAsync(
        SqliteConnection connection, SqliteTransaction transaction, string now, string name, string alias, int? version, int? previous,
        string? reason, IReadOnlyList<GateOutcome> gates, CancellationToken cancellationToken)
    {
        using (var history = MetadataStore.Command(connection, transaction, """
            INSERT INTO model_alias_history (name, alias, version, previous_version, at, actor, reason)
            VALUES (@name, @alias, @version, @previous, @now, @actor, @reason)
            """))
        {
            await history.Bind("@name", name).Bind("@alias", alias).Bind("@version", version).Bind("@previous", previous)
                .Bind("@now", now).Bind("@actor", _actor).Bind("@reason", reason).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var subject = new ModelReference(name, null, alias).ToString();
        await AuditLog.AppendAsync(connection, transaction, now, _actor, RegistryEvents.AliasMoved, subject,
            JsonSerializer.Serialize(new { version, previous_version = previous, reason }), cancellationToken).ConfigureAwait(false);
        await RegistryEvents.AppendAsync(connection, transaction, now, RegistryEvents.AliasMoved, subject, new
        {
            model = name, alias, version, previous_version = previous, reason,
            gates = gates.Select(o => new { gate = o.Gate, passed = o.Passed, detail = o.Detail }),
        }, cancellationToken).ConfigureAwait(false);
        await TouchAsync(connection, transaction, name, now, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ModelVersionRecord?> ResolveAsync(SqliteConnection connection, SqliteTransaction? transaction, ModelReference reference, CancellationToken cancellationToken)
    {
        using var command = MetadataStore.Command(connection, transaction, reference switch
        {
            { Alias: not null } => $"SELECT {Prefixed("v.")} FROM model_aliases a JOIN model_versions v ON v.name = a.name AND v.version = a.version WHERE a.name = @name AND a.alias = @alias",
            { Version: not null } => $"SELECT {VersionColumns} FROM model_versions WHERE name = @name AND version = @version",
            _ => $"SELECT {VersionColumns} FROM model_versions WHERE name = @name AND archived = 0 ORDER BY version DESC LIMIT 1",
        });
        return await command.Bind("@name", reference.Name).Bind("@alias", reference.Alias).Bind("@version", reference.Version)
            .FirstOrDefaultAsync(ReadVersion, cancellationToken).ConfigureAwait(false);
    }

    private static string Prefixed(string prefix) => string.Join(", ", VersionColumns.Split(", ").Select(c => prefix + c));

    private static async Task<Dictionary<string, Dictionary<string, int>>> AllAliasesAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = MetadataStore.Command(connection, transaction, "SELECT name, alias, version FROM model_aliases ORDER BY name, alias");
        var rows = await command.ListAsync(r => (r.GetString(0), r.GetString(1), r.GetInt32(2)), cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Item1, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Item2, r => r.Item3, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static async Task RequireExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string name, int version, CancellationToken cancellationToken)
    {
        using var command = MetadataStore.Command(connection, transaction, version == 0
            ? "SELECT COUNT(*) FROM registered_models WHERE name = @name"
            : "SELECT COUNT(*) FROM model_versions WHERE name = @name AND version = @version");
        if (await command.Bind("@name", name).Bind("@version", version).ScalarInt64Async(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException(version == 0 ? $"no registered model '{name}'" : $"model '{name}' has no version {version}");
        }
    }

    private static async Task UpsertTagAsync(SqliteConnection connection, SqliteTransaction transaction, string name, int version, string key, string value, CancellationToken cancellationToken)
    {
        using var upsert = MetadataStore.Command(connection, transaction, """
            INSERT INTO model_tags (name, version, key, value) VALUES (@name, @version, @key, @value)
            ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value
            """);
        await upsert.Bind("@name", name).Bind("@version", version).Bind("@key", key).Bind("@value", value).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task TouchAsync(SqliteConnection connection, SqliteTransaction transaction, string name, string now, CancellationToken cancellationToken)
    {
        using var update = MetadataStore.Command(connection, transaction, "UPDATE registered_models SET updated_at = @now WHERE name = @name");
        await update.Bind("@now", now).Bind("@name", name).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ModelVersionRecord ReadVersion(DbDataReader r) => new(
        r.GetString(0), r.GetInt32(1), ArtifactId.Parse(r.GetString(2)), r.GetString(3), r.GetString(4), ParseMetrics(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetInt64(6), r.GetStringOrNull(7), r.GetStringOrNull(8), r.GetInt32(9) != 0, r.GetTime(10));

    private static Dictionary<string, double> ParseMetrics(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];

    private static void RequireName(string name)
    {
        if (!ModelReference.IsValidName(name, out var problem))
        {
            throw new ArgumentException(problem, nameof(name));
        }
    }

    private static void RequireAlias(string alias)
    {
        if (!ModelReference.IsValidAlias(alias, out var problem))
        {
            throw new ArgumentException(problem, nameof(alias));
        }
    }
}
