using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// Records every prediction in the metadata store (table <c>inference_log</c>) with group commit: appends from
/// concurrent requests queue up, and one writer commits everything queued so far in a single transaction, so the
/// cost of a commit (an fsync in WAL mode) is shared by all the requests waiting for it. <see cref="AppendAsync"/>
/// completes only once the records are committed, so a server that awaits it before answering never acknowledges a
/// prediction it has not stored. Thread-safe; dispose to drain the queue and stop the writer.
/// </summary>
public sealed class InferenceLog : IAsyncDisposable
{
    /// <summary>The most records written in one transaction; the queue beyond waits for the next one.</summary>
    public const int MaxRecordsPerCommit = 4096;

    private const string SaltName = "pii_salt";

    private readonly MetadataStore _store;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private InferenceLog(MetadataStore store, PiiMask mask)
    {
        _store = store;
        Mask = mask;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Masks pii values with the workspace's salt before they are logged.</summary>
    public PiiMask Mask { get; }

    /// <summary>Number of transactions committed so far (for tests and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private long _commits;

    /// <summary>Opens the log on <paramref name="store"/>, creating the workspace's pii salt on first use.</summary>
    public static async Task<InferenceLog> OpenAsync(MetadataStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var salt = await store.WriteAsync(async (connection, transaction, now) =>
        {
            using (var insert = MetadataStore.Command(connection, transaction,
                "INSERT INTO workspace_secrets (name, value, created_at) VALUES (@name, @value, @now) ON CONFLICT (name) DO NOTHING"))
            {
                await insert.Bind("@name", SaltName).Bind("@value", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Bind("@now", now)
                    .ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            using var select = MetadataStore.Command(connection, transaction, "SELECT value FROM workspace_secrets WHERE name = @name");
            return (string)(await select.Bind("@name", SaltName).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return new InferenceLog(store, new PiiMask(Convert.FromBase64String(salt)));
    }

    /// <summary>
    /// Queues <paramref name="records"/> and completes when the transaction holding them has committed.
    /// Cancelling stops the wait, not the write.
    /// </summary>
    /// <exception cref="InferenceLogException">The log is disposed, or the transaction failed.</exception>
    public async ValueTask AppendAsync(IReadOnlyList<InferenceRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }
        var pending = new PendingAppend(records);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InferenceLogException("the inference log is closed");
        }
        await pending.Committed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The records of one request, in row order.</summary>
    public Task<IReadOnlyList<InferenceRecord>> ReadAsync(string inferenceId, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<InferenceRecord>>(async connection =>
        {
            using var select = MetadataStore.Command(connection, null, """
                SELECT prediction_id, inference_id, request_id, model_name, model_version, row_index, inputs_json, outputs_json, latency_us, at,
                       deployment, deployment_revision, deployment_role
                FROM inference_log
                WHERE prediction_id >= @from AND prediction_id < @to AND inference_id = @id
                ORDER BY row_index
                """);
            // Prediction ids are '{inference_id}:{row}', so a request's records lie in the primary-key range from '{id}:'
            // up to '{id};' (';' follows ':' in code order); the test on inference_id keeps out a shadow's records, whose
            // inference id is '{id}:shadow'.
            return await select.Bind("@id", inferenceId).Bind("@from", inferenceId + ":").Bind("@to", inferenceId + ";").ListAsync(r => new InferenceRecord(
                r.GetString(0), r.GetString(1), r.GetStringOrNull(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                r.GetString(6), r.GetString(7), r.GetInt64(8), r.GetTime(9))
            {
                Deployment = r.GetStringOrNull(10),
                DeploymentRevision = r.IsDBNull(11) ? null : r.GetInt32(11),
                DeploymentRole = r.GetStringOrNull(12),
            }, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Joins true labels to logged predictions by prediction id, in one transaction: a label for a prediction that
    /// already has one replaces it. Ids the log does not hold are returned and nothing is stored for them.
    /// </summary>
    /// <returns>
    /// How many labels were stored, the unknown ids in the order given, and each stored label joined to its prediction
    /// (so a caller can score the prediction against the label).
    /// </returns>
    public Task<FeedbackOutcome> RecordFeedbackAsync(
        IReadOnlyList<(string PredictionId, string Label)> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return _store.WriteAsync(async (connection, transaction, now) =>
        {
            using var find = MetadataStore.Command(connection, transaction, """
                SELECT l.outputs_json, l.deployment, l.deployment_revision, l.deployment_role, f.prediction_id IS NOT NULL, l.model_name, l.model_version
                FROM inference_log l LEFT JOIN feedback f ON f.prediction_id = l.prediction_id
                WHERE l.prediction_id = @id
                """);
            var id = find.Parameters.Add(new SqliteParameter { ParameterName = "@id" });
            using var upsert = MetadataStore.Command(connection, transaction, """
                INSERT INTO feedback (prediction_id, label, received_at) VALUES (@id, @label, @now)
                ON CONFLICT (prediction_id) DO UPDATE SET label = excluded.label, received_at = excluded.received_at
                """);
            var upsertId = upsert.Parameters.Add(new SqliteParameter { ParameterName = "@id" });
            var label = upsert.Parameters.Add(new SqliteParameter { ParameterName = "@label" });
            upsert.Parameters.AddWithValue("@now", now);
            var unknown = new List<string>();
            var joined = new List<JoinedLabel>(labels.Count);
            foreach (var (predictionId, value) in labels)
            {
                id.Value = predictionId;
                var found = await find.ListAsync(r => new JoinedLabel(predictionId, value, r.GetString(0))
                {
                    Deployment = r.GetStringOrNull(1),
                    DeploymentRevision = r.IsDBNull(2) ? null : r.GetInt32(2),
                    DeploymentRole = r.GetStringOrNull(3),
                    Relabelled = r.GetInt64(4) != 0,
                    ModelName = r.GetString(5),
                    ModelVersion = r.GetString(6),
                }, cancellationToken).ConfigureAwait(false);
                if (found.Count == 0)
                {
                    unknown.Add(predictionId);
                    continue;
                }
                upsertId.Value = predictionId;
                label.Value = value;
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                joined.Add(found[0]);
            }
            return new FeedbackOutcome(joined, unknown);
        }, cancellationToken);
    }

    /// <summary>The label recorded for <paramref name="predictionId"/>, or null.</summary>
    public Task<string?> GetFeedbackAsync(string predictionId, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var select = MetadataStore.Command(connection, null, "SELECT label FROM feedback WHERE prediction_id = @id");
            return (string?)await select.Bind("@id", predictionId).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Stops accepting records, commits what is queued and waits for the writer to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        var reader = _queue.Reader;
        // The writer keeps one connection and one prepared INSERT for its whole life: opening a pooled connection
        // (with its session pragmas) and preparing the statement per commit cost more than the inserts themselves.
        InsertStatement? statement = null;
        var checkpoint = Task.CompletedTask;
        long sinceCheckpoint = 0;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                var records = 0;
                while (records < MaxRecordsPerCommit && reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    records += pending.Records.Count;
                }
                try
                {
                    statement ??= await InsertStatement.OpenAsync(_store).ConfigureAwait(false);
                    await statement.CommitAsync(batch).ConfigureAwait(false);
                    Interlocked.Increment(ref _commits);
                    checkpoint = CheckpointIfDue(checkpoint, ref sinceCheckpoint, records);
                    foreach (var pending in batch)
                    {
                        pending.Committed.TrySetResult();
                    }
                }
                catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
                {
                    // A failed commit fails every request in it: none of them is acknowledged without its record.
                    // The connection is reopened for the next batch, in case the failure left it unusable.
                    if (statement is not null)
                    {
                        await statement.DisposeAsync().ConfigureAwait(false);
                        statement = null;
                    }
                    foreach (var pending in batch)
                    {
                        pending.Committed.TrySetException(new InferenceLogException($"the inference log could not commit: {ex.Message}", ex));
                    }
                }
            }
        }
        finally
        {
            if (statement is not null)
            {
                await statement.DisposeAsync().ConfigureAwait(false);
            }
            await checkpoint.ConfigureAwait(false);
        }
    }

    /// <summary>Records written between two checkpoints of the log's WAL (about SQLite's default 1,000 pages of small rows).</summary>
    private const long RecordsPerCheckpoint = 4000;

    // A PASSIVE checkpoint on another connection copies committed WAL frames into the database without blocking the
    // writer; one at a time. Failures are ignored: the next one retries, and SQLite checkpoints on close regardless.
    private Task CheckpointIfDue(Task running, ref long sinceCheckpoint, int records)
    {
        sinceCheckpoint += records;
        if (sinceCheckpoint < RecordsPerCheckpoint || !running.IsCompleted)
        {
            return running;
        }
        sinceCheckpoint = 0;
        return Task.Run(async () =>
        {
            try
            {
                await _store.ReadAsync(async connection =>
                {
                    using var command = MetadataStore.Command(connection, null, "PRAGMA wal_checkpoint(PASSIVE)");
                    return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
            {
                // Left to the next checkpoint.
            }
        });
    }

    /// <summary>The writer's own connection and prepared INSERT; each <see cref="CommitAsync"/> is one write transaction.</summary>
    private sealed class InsertStatement : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _parameters;

        private InsertStatement(SqliteConnection connection)
        {
            _connection = connection;
            _insert = MetadataStore.Command(connection, null, """
                INSERT INTO inference_log (prediction_id, inference_id, request_id, model_name, model_version, row_index, inputs_json, outputs_json, latency_us, at,
                                           deployment, deployment_revision, deployment_role)
                VALUES (@prediction, @inference, @request, @model, @version, @row, @inputs, @outputs, @latency, @at, @deployment, @revision, @role)
                """);
            _parameters = new[]
                {
                    "@prediction", "@inference", "@request", "@model", "@version", "@row", "@inputs", "@outputs", "@latency", "@at",
                    "@deployment", "@revision", "@role",
                }
                .Select(name => _insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            _insert.Prepare();
        }

        public static async Task<InsertStatement> OpenAsync(MetadataStore store)
        {
            var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            // A commit that crosses SQLite's auto-checkpoint threshold copies the WAL into the database inside that
            // commit, stalling every request waiting on it; the log checkpoints on its own connection instead.
            using (var pragma = MetadataStore.Command(connection, null, "PRAGMA wal_autocheckpoint = 0"))
            {
                await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            return new InsertStatement(connection);
        }

        public async Task CommitAsync(List<PendingAppend> batch)
        {
            using var transaction = MetadataStore.BeginWrite(_connection);
            _insert.Transaction = transaction;
            foreach (var pending in batch)
            {
                foreach (var record in pending.Records)
                {
                    _parameters[0].Value = record.PredictionId;
                    _parameters[1].Value = record.InferenceId;
                    _parameters[2].Value = (object?)record.RequestId ?? DBNull.Value;
                    _parameters[3].Value = record.ModelName;
                    _parameters[4].Value = record.ModelVersion;
                    _parameters[5].Value = record.Row;
                    _parameters[6].Value = record.InputsJson;
                    _parameters[7].Value = record.OutputsJson;
                    _parameters[8].Value = record.LatencyMicroseconds;
                    _parameters[9].Value = StoreTime.Format(record.Time);
                    _parameters[10].Value = (object?)record.Deployment ?? DBNull.Value;
                    _parameters[11].Value = (object?)record.DeploymentRevision ?? DBNull.Value;
                    _parameters[12].Value = (object?)record.DeploymentRole ?? DBNull.Value;
                    await _insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync().ConfigureAwait(false);
            _insert.Transaction = null;
        }

        public async ValueTask DisposeAsync()
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class PendingAppend(IReadOnlyList<InferenceRecord> records)
    {
        public IReadOnlyList<InferenceRecord> Records { get; } = records;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
