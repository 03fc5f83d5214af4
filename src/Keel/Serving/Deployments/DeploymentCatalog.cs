using System.Data.Common;
using System.Text.Json;
using Keel.Registry;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Serving.Deployments;

/// <summary>
/// Deployments and their revisions in the metadata store. Every change (a new specification, a blue-green switch, a
/// canary step, a promotion, a rollback) appends a revision to <c>deployment_revisions</c>, which rejects updates and
/// deletes, moves <c>deployments.current_revision</c> and writes an audit record, all in one transaction.
/// </summary>
/// <remarks>
/// <para>
/// Rolling back to revision N appends a new revision that copies N (its <see cref="DeploymentRevision.SourceRevision"/>
/// is N) rather than marking N active again: revision numbers only grow, so a prediction record's revision number
/// names one period of serving, replicas detect any change by a larger number, and the history stays append-only.
/// </para>
/// <para>
/// Model references are resolved through the registry and pinned to versions when a revision is written
/// (<c>models:/credit@champion</c> becomes <c>models:/credit/7</c>); the reference as given is kept in the audit
/// record. Moving an alias therefore never changes what a deployment serves without a new revision.
/// </para>
/// <para>Thread-safe and safe across processes: each write is one <c>BEGIN IMMEDIATE</c> transaction.</para>
/// </remarks>
public sealed class DeploymentCatalog
{
    private const string Columns =
        "r.deployment, r.revision, r.strategy, r.primary_model, r.candidate_model, r.parameters_json, r.change, r.source_revision, r.created_at, r.actor, r.reason, d.current_revision";

    private static readonly JsonSerializerOptions ParameterJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly MetadataStore _store;
    private readonly ModelRegistry _registry;
    private readonly string _actor;

    /// <summary>Creates a catalog over <paramref name="store"/> (not owned); <paramref name="actor"/> defaults to the OS user.</summary>
    public DeploymentCatalog(MetadataStore store, string? actor = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _actor = string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor;
        _registry = new ModelRegistry(store, _actor);
    }

    /// <summary>Creates deployment <paramref name="name"/> with revision 1.</summary>
    /// <exception cref="ArgumentException">A bad name or specification; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">The deployment exists, or a model reference resolves to no usable version.</exception>
    public Task<DeploymentRevision> CreateAsync(string name, DeploymentSpec spec, string? reason = null, CancellationToken cancellationToken = default) =>
        AppendAsync(name, spec, RevisionChange.Created, reason, expectedRevision: null, sourceRevision: null, cancellationToken);

    /// <summary>
    /// Writes a new revision serving <paramref name="spec"/>. With <paramref name="expectedRevision"/>, the change
    /// applies only if the deployment is still at that revision.
    /// </summary>
    /// <exception cref="ArgumentException">A bad specification.</exception>
    /// <exception cref="InvalidOperationException">No such deployment, or a model resolves to no usable version.</exception>
    /// <exception cref="DeploymentConflictException">The deployment is no longer at <paramref name="expectedRevision"/>.</exception>
    public Task<DeploymentRevision> ReviseAsync(
        string name, DeploymentSpec spec, string? reason = null, int? expectedRevision = null, CancellationToken cancellationToken = default) =>
        AppendAsync(name, spec, RevisionChange.Revised, reason, expectedRevision, sourceRevision: null, cancellationToken);

    /// <summary>
    /// Blue-green switch: a new revision with live and standby swapped. Switching back is another switch (or a
    /// <see cref="RollbackAsync"/> to the revision before).
    /// </summary>
    /// <exception cref="InvalidOperationException">No such deployment, or its current revision is not blue-green.</exception>
    public async Task<DeploymentRevision> SwitchAsync(string name, string? reason = null, CancellationToken cancellationToken = default)
    {
        var current = (await GetAsync(name, cancellationToken).ConfigureAwait(false) ?? throw NotFound(name)).Current;
        if (current.Spec.Strategy != DeploymentStrategy.BlueGreen)
        {
            throw new InvalidOperationException(
                $"deployment '{name}' revision {current.Number} is {StrategyNames.ToText(current.Spec.Strategy)}, not blue_green; only a blue-green deployment switches");
        }
        var switched = current.Spec with { Primary = current.Spec.Candidate!.Value, Candidate = current.Spec.Primary };
        return await AppendAsync(name, switched, RevisionChange.Switched, reason, current.Number, sourceRevision: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-activates revision <paramref name="revision"/> by appending a copy of it (same pinned models and
    /// parameters). Rolling back to the active revision changes nothing and returns it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such deployment or revision.</exception>
    public async Task<DeploymentRevision> RollbackAsync(string name, int revision, string? reason = null, CancellationToken cancellationToken = default)
    {
        var target = await GetRevisionAsync(name, revision, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"deployment '{name}' has no revision {revision}");
        if (target.Status == RevisionStatus.Active)
        {
            return target;
        }
        return await AppendAsync(name, target.Spec, RevisionChange.Rollback, reason, expectedRevision: null, sourceRevision: revision, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The deployment and its current revision, or null.</summary>
    public Task<Deployment?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, $"""
                SELECT {Columns}, d.created_at, d.updated_at FROM deployments d
                JOIN deployment_revisions r ON r.deployment = d.name AND r.revision = d.current_revision WHERE d.name = @name
                """);
            return await command.Bind("@name", name).FirstOrDefaultAsync(ReadDeployment, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Every deployment, by name.</summary>
    public Task<List<Deployment>> ListAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, $"""
                SELECT {Columns}, d.created_at, d.updated_at FROM deployments d
                JOIN deployment_revisions r ON r.deployment = d.name AND r.revision = d.current_revision ORDER BY d.name
                """);
            return await command.ListAsync(ReadDeployment, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Revision <paramref name="revision"/> of <paramref name="name"/>, or null.</summary>
    public Task<DeploymentRevision?> GetRevisionAsync(string name, int revision, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, $"""
                SELECT {Columns} FROM deployment_revisions r JOIN deployments d ON d.name = r.deployment
                WHERE r.deployment = @name AND r.revision = @revision
                """);
            return await command.Bind("@name", name).Bind("@revision", revision).FirstOrDefaultAsync(ReadRevision, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Every revision of <paramref name="name"/>, oldest first (empty when there is no such deployment).</summary>
    public Task<List<DeploymentRevision>> GetHistoryAsync(string name, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var command = MetadataStore.Command(connection, null, $"""
                SELECT {Columns} FROM deployment_revisions r JOIN deployments d ON d.name = r.deployment
                WHERE r.deployment = @name ORDER BY r.revision
                """);
            return await command.Bind("@name", name).ListAsync(ReadRevision, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Appends a revision: validates, pins model references, checks the expected revision under the write lock, then
    /// writes the revision, the pointer and the audit record in one transaction. Every public change goes through here.
    /// </summary>
    internal async Task<DeploymentRevision> AppendAsync(
        string name, DeploymentSpec spec, RevisionChange change, string? reason, int? expectedRevision, int? sourceRevision,
        CancellationToken cancellationToken)
    {
        RequireName(name);
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"deployment '{name}': {string.Join("; ", problems)}", nameof(spec));
        }
        var pinned = spec with
        {
            Primary = await PinAsync(spec.Primary, cancellationToken).ConfigureAwait(false),
            Candidate = spec.Candidate is { } candidate ? await PinAsync(candidate, cancellationToken).ConfigureAwait(false) : null,
        };
        return await _store.WriteAsync(async (connection, transaction, now) =>
        {
            if (change == RevisionChange.Created)
            {
                using var insert = MetadataStore.Command(connection, transaction, """
                    INSERT INTO deployments (name, current_revision, created_at, updated_at) VALUES (@name, 1, @now, @now)
                    ON CONFLICT (name) DO NOTHING
                    """);
                if (await insert.Bind("@name", name).Bind("@now", now).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new InvalidOperationException($"deployment '{name}' already exists; write a new revision instead");
                }
            }
            if (_store.Dialect.LockRow("deployments", "name", "@name") is { } lockSql)
            {
                using var lockRow = MetadataStore.Command(connection, transaction, lockSql);
                await lockRow.Bind("@name", name).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            var current = change == RevisionChange.Created ? 0 : await CurrentRevisionAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false);
            if (expectedRevision is { } expected && expected != current)
            {
                throw new DeploymentConflictException(name, expected, current);
            }
            var number = current + 1;
            using (var insert = MetadataStore.Command(connection, transaction, """
                INSERT INTO deployment_revisions
                    (deployment, revision, strategy, primary_model, candidate_model, parameters_json, change, source_revision, created_at, actor, reason)
                VALUES (@name, @revision, @strategy, @primary, @candidate, @parameters, @change, @source, @now, @actor, @reason)
                """))
            {
                await insert.Bind("@name", name).Bind("@revision", number).Bind("@strategy", StrategyNames.ToText(pinned.Strategy))
                    .Bind("@primary", pinned.Primary.ToString()).Bind("@candidate", pinned.Candidate?.ToString())
                    .Bind("@parameters", JsonSerializer.Serialize(pinned.Parameters, ParameterJson)).Bind("@change", StrategyNames.ToText(change))
                    .Bind("@source", sourceRevision).Bind("@now", now).Bind("@actor", _actor).Bind("@reason", reason)
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            using (var update = MetadataStore.Command(connection, transaction,
                "UPDATE deployments SET current_revision = @revision, updated_at = @now WHERE name = @name"))
            {
                await update.Bind("@revision", number).Bind("@now", now).Bind("@name", name).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await AuditLog.AppendAsync(connection, transaction, now, _actor, "deployment." + StrategyNames.ToText(change), Subject(name),
                JsonSerializer.Serialize(new
                {
                    revision = number,
                    previous_revision = current == 0 ? (int?)null : current,
                    source_revision = sourceRevision,
                    strategy = StrategyNames.ToText(pinned.Strategy),
                    primary = pinned.Primary.ToString(),
                    candidate = pinned.Candidate?.ToString(),
                    requested_primary = spec.Primary.ToString(),
                    requested_candidate = spec.Candidate?.ToString(),
                    reason,
                }), cancellationToken).ConfigureAwait(false);
            return new DeploymentRevision(name, number, pinned, change, sourceRevision, StoreTime.Parse(now), _actor, reason, RevisionStatus.Active);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit subject of a deployment.</summary>
    internal static string Subject(string name) => $"deployments/{name}";

    private async Task<ModelReference> PinAsync(ModelReference reference, CancellationToken cancellationToken)
    {
        var version = await _registry.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{reference} names no registered model version");
        if (version.Archived)
        {
            throw new InvalidOperationException($"{version.Reference} is archived; an archived version cannot be deployed");
        }
        return version.Reference;
    }

    private static async Task<int> CurrentRevisionAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        using var command = MetadataStore.Command(connection, transaction, "SELECT current_revision FROM deployments WHERE name = @name");
        var current = (int)await command.Bind("@name", name).ScalarInt64Async(cancellationToken).ConfigureAwait(false);
        return current == 0 ? throw NotFound(name) : current;
    }

    private static Deployment ReadDeployment(DbDataReader r) => new(r.GetString(0), ReadRevision(r), r.GetTime(12), r.GetTime(13));

    private static DeploymentRevision ReadRevision(DbDataReader r)
    {
        var parameters = JsonSerializer.Deserialize<DeploymentParameters>(r.GetString(5), ParameterJson) ?? new DeploymentParameters();
        var spec = new DeploymentSpec(
            StrategyNames.ParseStrategy(r.GetString(2)), ModelReference.Parse(r.GetString(3)),
            r.GetStringOrNull(4) is { } candidate ? ModelReference.Parse(candidate) : null, parameters);
        var number = r.GetInt32(1);
        return new DeploymentRevision(
            r.GetString(0), number, spec, StrategyNames.ParseChange(r.GetString(6)), r.IsDBNull(7) ? null : r.GetInt32(7),
            r.GetTime(8), r.GetString(9), r.GetStringOrNull(10), number == r.GetInt32(11) ? RevisionStatus.Active : RevisionStatus.Superseded);
    }

    private static InvalidOperationException NotFound(string name) => new($"no deployment '{name}'");

    private static void RequireName(string name)
    {
        if (!DatasetReference.IsValidName(name, out var problem))
        {
            throw new ArgumentException(problem.Replace("dataset name", "deployment name", StringComparison.Ordinal), nameof(name));
        }
    }
}
