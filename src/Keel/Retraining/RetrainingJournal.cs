using System.Text.Json;
using Keel.Storage;

namespace Keel.Retraining;

/// <summary>
/// The retrains of every deployment in the metadata store (table <c>retrains</c>): started, then moved from outcome
/// to outcome, each change written in the same transaction as an audit-log entry (<c>retrain.started</c>,
/// <c>retrain.running</c>, <c>retrain.promoted</c>, ...) whose details name the retrain, its cause, the pipeline run
/// and the candidate — the story <c>keel deploy history</c> tells. Thread-safe.
/// </summary>
public sealed class RetrainingJournal(MetadataStore store, string actor = "keel")
{
    private readonly MetadataStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Records a retrain of <paramref name="deployment"/> started (running, or awaiting approval) by <paramref name="cause"/>.</summary>
    /// <returns>The retrain's id.</returns>
    public Task<long> StartAsync(string deployment, string cause, RetrainOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentException.ThrowIfNullOrWhiteSpace(cause);
        if (outcome is not (RetrainOutcome.Running or RetrainOutcome.AwaitingApproval))
        {
            throw new ArgumentException($"a retrain starts running or awaiting approval, not {outcome}", nameof(outcome));
        }
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            using var insert = MetadataStore.Command(connection, transaction, """
                INSERT INTO retrains (deployment, cause, started_at, updated_at, outcome) VALUES (@deployment, @cause, @now, @now, @outcome)
                RETURNING id
                """);
            var id = await insert.Bind("@deployment", deployment).Bind("@cause", cause).Bind("@now", now).Bind("@outcome", Name(outcome))
                .ScalarInt64Async(cancellationToken).ConfigureAwait(false);
            await AuditLog.AppendAsync(connection, transaction, now, actor, "retrain.started", deployment,
                Details(id, cause, outcome, null, null, null), cancellationToken).ConfigureAwait(false);
            return id;
        }, cancellationToken);
    }

    /// <summary>
    /// Moves retrain <paramref name="id"/> to <paramref name="outcome"/>, with the pipeline run and candidate when known
    /// and a sentence of detail. Awaiting approval may become running or declined; running may end promoted,
    /// rejected, rolled back or failed; an ended retrain does not change.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such retrain, or the move is not allowed from where it stands.</exception>
    public Task UpdateAsync(long id, RetrainOutcome outcome, long? runId, string? candidate, string? detail, CancellationToken cancellationToken = default) =>
        _store.WriteAsync(async (connection, transaction, now) =>
        {
            using var select = MetadataStore.Command(connection, transaction, "SELECT deployment, cause, outcome FROM retrains WHERE id = @id");
            var found = await select.Bind("@id", id).FirstOrDefaultAsync(r => new[] { r.GetString(0), r.GetString(1), r.GetString(2) }, cancellationToken)
                .ConfigureAwait(false) ?? throw new InvalidOperationException($"no retrain {id}");
            var (deployment, cause) = (found[0], found[1]);
            var from = Parse(found[2]);
            var allowed = from switch
            {
                RetrainOutcome.AwaitingApproval => outcome is RetrainOutcome.Running or RetrainOutcome.Declined,
                RetrainOutcome.Running => outcome is RetrainOutcome.Promoted or RetrainOutcome.Rejected or RetrainOutcome.RolledBack
                    or RetrainOutcome.Failed or RetrainOutcome.Running,
                _ => false,
            };
            if (!allowed)
            {
                throw new InvalidOperationException($"retrain {id} is {Name(from)}; it cannot become {Name(outcome)}");
            }
            using var update = MetadataStore.Command(connection, transaction, """
                UPDATE retrains SET outcome = @outcome, updated_at = @now, run_id = COALESCE(@run, run_id),
                       candidate = COALESCE(@candidate, candidate), detail = COALESCE(@detail, detail)
                WHERE id = @id
                """);
            await update.Bind("@outcome", Name(outcome)).Bind("@now", now).Bind("@run", runId).Bind("@candidate", candidate).Bind("@detail", detail)
                .Bind("@id", id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await AuditLog.AppendAsync(connection, transaction, now, actor, "retrain." + Name(outcome), deployment,
                Details(id, cause, outcome, runId, candidate, detail), cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <summary>The detail of a retrain approved and not yet trained: the loop trains it on its next tick.</summary>
    public const string Approved = "approved";

    /// <summary>
    /// The start of the detail of an accepted retrain whose candidate is not yet known to be in the deployment: the loop
    /// completes the release on its next tick.
    /// </summary>
    public const string Releasing = "releasing: ";

    /// <summary>
    /// Approves (running, to be trained on the loop's next tick) or declines the retrain of <paramref name="deployment"/>
    /// awaiting approval, with who decided in the audit log.
    /// </summary>
    /// <returns>The retrain's id.</returns>
    /// <exception cref="InvalidOperationException">No retrain of the deployment awaits approval.</exception>
    public async Task<long> DecideApprovalAsync(string deployment, bool approve, string? reason, CancellationToken cancellationToken = default)
    {
        var waiting = (await ListAsync(deployment, cancellationToken).ConfigureAwait(false))
            .LastOrDefault(e => e.Record.Outcome == RetrainOutcome.AwaitingApproval)
            ?? throw new InvalidOperationException($"no retrain of '{deployment}' awaits approval");
        await UpdateAsync(waiting.Id, approve ? RetrainOutcome.Running : RetrainOutcome.Declined, null, null,
            approve ? Approved : reason ?? "declined", cancellationToken).ConfigureAwait(false);
        return waiting.Id;
    }

    /// <summary>The retrains of <paramref name="deployment"/>, oldest first.</summary>
    public Task<IReadOnlyList<RetrainEntry>> ListAsync(string deployment, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<RetrainEntry>>(async connection =>
        {
            using var select = MetadataStore.Command(connection, null, """
                SELECT id, started_at, updated_at, cause, outcome, run_id, candidate, detail
                FROM retrains WHERE deployment = @deployment ORDER BY started_at, id
                """);
            return await select.Bind("@deployment", deployment).ListAsync(r => new RetrainEntry(
                r.GetInt64(0), new RetrainRecord(r.GetTime(1), r.GetString(3), Parse(r.GetString(4))), r.GetTime(2),
                r.IsDBNull(5) ? null : r.GetInt64(5), r.GetStringOrNull(6), r.GetStringOrNull(7)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The history <see cref="RetrainingController.Decide"/> needs: every retrain of the deployment, with the policy in force since <paramref name="since"/>.</summary>
    public async Task<RetrainingHistory> HistoryAsync(string deployment, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        new(since, [.. (await ListAsync(deployment, cancellationToken).ConfigureAwait(false)).Select(e => e.Record)]);

    /// <summary>The stored name of an outcome (snake case).</summary>
    public static string Name(RetrainOutcome outcome) => outcome switch
    {
        RetrainOutcome.AwaitingApproval => "awaiting_approval",
        RetrainOutcome.RolledBack => "rolled_back",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static RetrainOutcome Parse(string name) => name switch
    {
        "awaiting_approval" => RetrainOutcome.AwaitingApproval,
        "rolled_back" => RetrainOutcome.RolledBack,
        _ => Enum.Parse<RetrainOutcome>(name, ignoreCase: true),
    };

    private static string Details(long id, string cause, RetrainOutcome outcome, long? runId, string? candidate, string? detail) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["retrain"] = id,
            ["cause"] = cause,
            ["outcome"] = Name(outcome),
            ["run_id"] = runId,
            ["candidate"] = candidate,
            ["detail"] = detail,
        });
}
