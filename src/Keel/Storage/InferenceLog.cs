using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// Records every prediction with group commit, in two stages. Appends from concurrent requests queue up, and the request
/// that finds no write in progress writes everything queued so far as one frame of the <see cref="InferenceJournal"/>
/// (a single write to an append-only file); requests arriving meanwhile are written by a drain thread after it.
/// <see cref="AppendAsync(InferenceRecordBatch, CancellationToken)"/> completes once the frame is written, so a server
/// that awaits it before answering never acknowledges a prediction it has not stored. Behind the requests, an ingester
/// thread copies the journalled records into the metadata store's <c>inference_log</c> table, gathered for up to 50 ms
/// per transaction, and deletes a journal segment once all of it is there. Reads through this log
/// (<see cref="ReadAsync"/>, <see cref="RecordFeedbackAsync"/>) first wait until every record acknowledged before the call
/// is in the table. Segments left by a process that died are replayed into the table when a log or an
/// <see cref="InferenceLogReader"/> opens on the store. Thread-safe; dispose to drain both stages and stop.
/// </summary>
public sealed class InferenceLog : IAsyncDisposable
{
    /// <summary>The most records written in one journal frame; the queue beyond waits for the next one.</summary>
    public const int MaxRecordsPerCommit = 4096;

    /// <summary>The most records copied into the table in one transaction.</summary>
    private const int MaxRecordsPerIngest = 16384;

    /// <summary>How long journalled records may wait to be copied into the table together.</summary>
    private static readonly TimeSpan IngestInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How far (in records) the table may fall behind the journal before appends wait for it to catch up.</summary>
    private const long MaxPendingRecords = 65536;

    /// <summary>Size at which the journal moves on to a new segment, so a finished one can be deleted.</summary>
    private const long DefaultSegmentBytes = 32L * 1024 * 1024;

    private const string SaltName = "pii_salt";

    private readonly MetadataStore _store;
    private readonly InferenceJournal _journal;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _writerIdle = NewSignal();
    private readonly Channel<JournalledFrame> _ingestQueue = Channel.CreateUnbounded<JournalledFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _ingester;
    private readonly List<InferenceRecordBatch> _frameBatches = [];
    private readonly Action _pace;
    // Set by the writer handing its role to the drain, reset by the drain before it looks at the queue. No spinning
    // before the drain sleeps: SemaphoreSlim's spin (sched_yield in a loop) took 2-3% of the server's CPU from the
    // request threads on two cores.
    private readonly ManualResetEventSlim _drainWanted = new(false, spinCount: 0);
    private List<PendingAppend> _waiting = [];
    private bool _drainStopped;
    private bool _writing;
    private bool _closed;
    private long _commits;
    private long _journalled;
    private long _ingested;
    private TaskCompletionSource _ingestedSignal = NewSignal();
    private TaskCompletionSource _catchUpWanted = NewSignal();
    private volatile Exception? _ingestError;

    private InferenceLog(MetadataStore store, PiiMask mask, InferenceJournal journal, InferenceJournalRecovery recovered)
    {
        _store = store;
        _journal = journal;
        Mask = mask;
        Recovered = recovered;
        _pace = Pace;
        new Thread(DrainLoop) { IsBackground = true, Name = "Keel inference log drain" }.Start();
        // The copy blocks in SQLite for milliseconds at a time, and its checkpoints wait for the disk: on a thread of
        // its own, not one of the few the thread pool serves requests with.
        var ingested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ingester = ingested.Task;
        new Thread(() => IngestLoop(ingested)) { IsBackground = true, Name = "Keel inference log ingester" }.Start();
    }

    /// <summary>Masks pii values with the workspace's salt before they are logged.</summary>
    public PiiMask Mask { get; }

    /// <summary>Number of journal frames written so far, each holding every record queued at the time (for tests and metrics).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Records acknowledged but not yet copied into the store's table.</summary>
    public long PendingRecords => Interlocked.Read(ref _journalled) - Interlocked.Read(ref _ingested);

    /// <summary>What opening replayed from journal segments a dead process left behind.</summary>
    public InferenceJournalRecovery Recovered { get; }

    /// <summary>
    /// Opens the log on <paramref name="store"/>, creating the workspace's pii salt on first use and replaying journal
    /// segments no running process holds into the store.
    /// </summary>
    public static Task<InferenceLog> OpenAsync(MetadataStore store, CancellationToken cancellationToken = default) =>
        OpenAsync(store, DefaultSegmentBytes, cancellationToken);

    /// <summary>Opens the log with journal segments of <paramref name="segmentBytes"/> (tests use small ones).</summary>
    internal static async Task<InferenceLog> OpenAsync(MetadataStore store, long segmentBytes, CancellationToken cancellationToken)
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
        var recovered = await InferenceJournal.RecoverAsync(store, cancellationToken).ConfigureAwait(false);
        return new InferenceLog(store, new PiiMask(Convert.FromBase64String(salt)), InferenceJournal.Open(store, segmentBytes), recovered);
    }

    /// <summary>
    /// Queues <paramref name="records"/> and completes when the journal frame holding them is written.
    /// Cancelling stops the wait, not the write.
    /// </summary>
    /// <exception cref="InferenceLogException">The log is disposed, or the write failed.</exception>
    public ValueTask AppendAsync(IReadOnlyList<InferenceRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? ValueTask.CompletedTask : AppendAsync(InferenceRecordBatch.Of(records), cancellationToken);
    }

    /// <summary>
    /// Queues the records of <paramref name="batch"/> and completes when the journal frame holding them is written.
    /// The log takes the batch over (and disposes of it). Cancelling stops the wait, not the write.
    /// </summary>
    /// <exception cref="InferenceLogException">The log is disposed, or the write failed.</exception>
    public async ValueTask AppendAsync(InferenceRecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            batch.Dispose();
            return;
        }
        var pending = new PendingAppend(batch);
        bool lead;
        lock (_gate)
        {
            if (_closed)
            {
                batch.Dispose();
                throw new InferenceLogException("the inference log is closed");
            }
            _waiting.Add(pending);
            lead = !_writing;
            _writing = true;
        }
        if (lead)
        {
            Lead();
        }
        await pending.Committed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The records of one request, in row order.</summary>
    /// <exception cref="InferenceLogException">Records acknowledged before the call cannot be copied into the store.</exception>
    public async Task<IReadOnlyList<InferenceRecord>> ReadAsync(string inferenceId, CancellationToken cancellationToken = default)
    {
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return await _store.ReadAsync<IReadOnlyList<InferenceRecord>>(async connection =>
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
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Joins true labels to logged predictions by prediction id, in one transaction: a label for a prediction that
    /// already has one replaces it. Ids the log does not hold are returned and nothing is stored for them.
    /// </summary>
    /// <returns>
    /// How many labels were stored, the unknown ids in the order given, and each stored label joined to its prediction
    /// (so a caller can score the prediction against the label).
    /// </returns>
    /// <exception cref="InferenceLogException">Records acknowledged before the call cannot be copied into the store.</exception>
    public async Task<FeedbackOutcome> RecordFeedbackAsync(
        IReadOnlyList<(string PredictionId, string Label)> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        return await _store.WriteAsync(async (connection, transaction, now) =>
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
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The label recorded for <paramref name="predictionId"/>, or null.</summary>
    public Task<string?> GetFeedbackAsync(string predictionId, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            using var select = MetadataStore.Command(connection, null, "SELECT label FROM feedback WHERE prediction_id = @id");
            return (string?)await select.Bind("@id", predictionId).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Stops accepting records, writes and stores what is queued, and waits for both stages to finish. The journal
    /// segment is deleted when all of it reached the store; if the store could not take it, the segment stays for the
    /// next open to replay.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool writing;
        lock (_gate)
        {
            _closed = true;
            writing = _writing;
        }
        if (writing)
        {
            await _writerIdle.Task.ConfigureAwait(false);
        }
        Volatile.Write(ref _drainStopped, true);
        _drainWanted.Set();
        _ingestQueue.Writer.TryComplete();
        await _ingester.ConfigureAwait(false);
        if (PendingRecords == 0)
        {
            _journal.Active.Delete();
        }
        else
        {
            _journal.Dispose();
        }
    }

    /// <summary>
    /// Completes when every record acknowledged before the call is in the store's <c>inference_log</c> table, for
    /// callers in the same process that read the table another way (an <see cref="InferenceLogReader"/>).
    /// </summary>
    /// <exception cref="InferenceLogException">The store is failing to take the records.</exception>
    public ValueTask WaitForStoreAsync(CancellationToken cancellationToken = default) => CatchUpAsync(cancellationToken);

    // Waits until every record acknowledged before the call is in the table, so a read sees the caller's own writes.
    private async ValueTask CatchUpAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _journalled);
        while (true)
        {
            var signal = Volatile.Read(ref _ingestedSignal);
            if (Interlocked.Read(ref _ingested) >= target)
            {
                return;
            }
            if (_ingestError is { } error)
            {
                throw new InferenceLogException($"the inference log could not store its records: {error.Message}", error);
            }
            Volatile.Read(ref _catchUpWanted).TrySetResult();
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalIngestion() => Interlocked.Exchange(ref _ingestedSignal, NewSignal()).TrySetResult();

    // Group commit without a writer thread: the request that finds no write in progress writes everything waiting (its
    // own records and any that came with them) itself, saving a hand-off to another thread. Requests arriving during
    // that write wait; if there are any when it ends, a background drain writes them, so the leading request is
    // answered without waiting for theirs.
    private void Lead()
    {
        if (PendingRecords <= MaxPendingRecords)
        {
            WriteBatch(TakeWaiting());
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    ReleaseWriter();
                    return;
                }
            }
        }
        _drainWanted.Set();
    }

    // The drain: a thread of its own, woken by Lead, so the requests that arrived during a write are written without
    // waiting behind other work for a thread-pool thread. It writes until nothing waits, then gives the role back.
    private void DrainLoop()
    {
        while (true)
        {
            _drainWanted.Wait();
            _drainWanted.Reset();
            if (Volatile.Read(ref _drainStopped))
            {
                return;
            }
            Drain();
        }
    }

    private void Drain()
    {
        while (true)
        {
            // Back-pressure: when the table falls far behind (a long checkpoint, a locked store), requests wait here
            // instead of the journal running ahead without bound; unless the ingester has given up (a store still
            // failing as the log closes), when the journal alone keeps the records for the next open to replay.
            while (PendingRecords > MaxPendingRecords && !_ingester.IsCompleted)
            {
                Task.WaitAny(Volatile.Read(ref _ingestedSignal).Task, _ingester);
            }
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    ReleaseWriter();
                    return;
                }
            }
            WriteBatch(TakeWaiting());
        }
    }

    // Called under _gate when nothing waits: the next append leads.
    private void ReleaseWriter()
    {
        _writing = false;
        if (_closed)
        {
            _writerIdle.TrySetResult();
        }
    }

    // The waiting appends, up to MaxRecordsPerCommit records (at least one append); the rest stay for the next batch.
    private List<PendingAppend> TakeWaiting()
    {
        lock (_gate)
        {
            var batch = _waiting;
            var records = 0;
            var taken = 0;
            while (taken < batch.Count && (taken == 0 || records + batch[taken].Records.Count <= MaxRecordsPerCommit))
            {
                records += batch[taken++].Records.Count;
            }
            if (taken == batch.Count)
            {
                _waiting = [];
                return batch;
            }
            _waiting = batch.GetRange(taken, batch.Count - taken);
            batch.RemoveRange(taken, batch.Count - taken);
            return batch;
        }
    }

    // Writes one journal frame for the batch and acknowledges it; a failure fails every request in it (none is
    // acknowledged without its record). Never throws: the writer's role must always be handed on.
    private void WriteBatch(List<PendingAppend> batch)
    {
        var records = 0;
        var batches = _frameBatches; // only the writer (one at a time) gets here
        batches.Clear();
        foreach (var pending in batch)
        {
            batches.Add(pending.Records);
            records += pending.Records.Count;
        }
        JournalledFrame frame;
        try
        {
            // The ingester copies the frame as written; the requests' batches go back to the pool now.
            frame = new JournalledFrame(_journal.Append(batches, out var sealedSegment), records, sealedSegment);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Committed.TrySetException(new InferenceLogException($"the inference log could not write its journal: {ex.Message}", ex));
            }
            return;
        }
        finally
        {
            foreach (var encoded in batches)
            {
                encoded.Dispose();
            }
            batches.Clear();
        }
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _journalled, records);
        _ingestQueue.Writer.TryWrite(frame);
        foreach (var pending in batch)
        {
            pending.Committed.TrySetResult();
        }
    }

    private void IngestLoop(TaskCompletionSource done)
    {
        var frames = new List<JournalledFrame>();
        var reader = _ingestQueue.Reader;
        InferenceLogInserter? inserter = null;
        var checkpoint = Task.CompletedTask;
        long sinceCheckpoint = 0;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                Gather();
                frames.Clear();
                var records = 0;
                while (records < MaxRecordsPerIngest && reader.TryRead(out var frame))
                {
                    frames.Add(frame);
                    records += frame.Records;
                }
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        inserter ??= InferenceLogInserter.OpenAsync(_store, CancellationToken.None).GetAwaiter().GetResult();
                        inserter.Insert(frames.Select(f => f.Payload), _pace);
                        break;
                    }
                    catch (Exception ex)
                    {
                        // Whatever went wrong, the loop must go on: requests wait on it. The records are safe in the journal;
                        // the connection is reopened and the same transaction retried, and reads that need them fail
                        // meanwhile. Once the log is closing, a store that keeps failing is left: the segment stays on
                        // disk and the next open replays it.
                        _ingestError = ex;
                        SignalIngestion();
                        inserter?.Dispose();
                        inserter = null;
                        if (IsClosed && attempt >= 3)
                        {
                            AbandonSegments(frames, reader);
                            return;
                        }
                        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(2000, 50 * attempt)));
                    }
                }
                // Full segments go before the readers waiting for these records are woken, so a caught-up log has no
                // stored segment left on disk.
                foreach (var frame in frames)
                {
                    frame.Sealed?.Delete();
                    frame.Release();
                }
                _ingestError = null;
                Interlocked.Add(ref _ingested, records);
                SignalIngestion();
                checkpoint = CheckpointIfDue(checkpoint, ref sinceCheckpoint, records);
            }
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
        finally
        {
            inserter?.Dispose();
            checkpoint.Wait();
            done.TrySetResult();
        }
    }

    // Lets records gather for up to IngestInterval before a transaction, unless a reader is waiting for them, the log
    // is closing or plenty are queued. Each transaction writes whole pages of the table and its indexes (two system
    // calls per page in the WAL): copying every few requests in a transaction of their own cost about a fifth of the
    // server's requests/s, gathered it costs under a tenth. Much longer gathering makes each transaction a burst of work
    // that shows in the slowest requests (p99 13-14 ms at 150 ms); between 10 and 50 ms p99 was the same within the
    // noise (about 6 ms) and 50 ms gave more requests/s (bench/RESULTS.md). Real time on purpose: this paces disk
    // writes, whatever clock the server runs on.
    private void Gather()
    {
        var wanted = Volatile.Read(ref _catchUpWanted);
        if (Unhurried)
        {
            wanted.Task.Wait(IngestInterval);
        }
        if (wanted.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _catchUpWanted, NewSignal(), wanted);
        }
    }

    // Called between slices of a copy (InferenceLogInserter.SliceRecords records). A copy of everything gathered in 50 ms
    // at 20k requests/s took one of the two cores for about 7 ms, and the requests answered meanwhile made the slowest
    // percent. Resting a millisecond after every slice spreads that work out: p99 was lower than without the rests in
    // 13 of 14 interleaved comparisons (slices of 32, 64 and 128 records; with 64, 0.1-1.0 ms lower in 7 of 8),
    // requests/s within the noise (bench/RESULTS.md). Never when the table is falling behind, a reader waits for the
    // records or the log is closing: then the copy runs flat out.
    private void Pace()
    {
        if (Unhurried)
        {
            Thread.Sleep(1);
        }
    }

    // Whether the copy may take its time: the table keeps up, no reader waits for it, and the log is not closing.
    private bool Unhurried => PendingRecords < MaxRecordsPerIngest / 4 && !Volatile.Read(ref _catchUpWanted).Task.IsCompleted && !IsClosed;

    // Closes (without deleting) the full segments still waiting to be stored, so another open can replay them.
    private static void AbandonSegments(List<JournalledFrame> frames, ChannelReader<JournalledFrame> reader)
    {
        foreach (var frame in frames)
        {
            Abandon(frame);
        }
        while (reader.TryRead(out var frame))
        {
            Abandon(frame);
        }

        static void Abandon(JournalledFrame frame)
        {
            frame.Sealed?.Dispose();
            frame.Release();
        }
    }

    /// <summary>Records written between two checkpoints of the store's WAL (about SQLite's default 1,000 pages of small rows).</summary>
    private const long RecordsPerCheckpoint = 4000;

    // A PASSIVE checkpoint on another connection copies committed WAL frames into the database without blocking the
    // ingester; one at a time. Failures are ignored: the next one retries, and SQLite checkpoints on close regardless.
    private Task CheckpointIfDue(Task running, ref long sinceCheckpoint, int records)
    {
        sinceCheckpoint += records;
        if (sinceCheckpoint < RecordsPerCheckpoint || !running.IsCompleted)
        {
            return running;
        }
        sinceCheckpoint = 0;
        // It waits for the disk (fsync): a thread of its own, as the copy has.
        return Task.Factory.StartNew(() =>
        {
            try
            {
                _store.ReadAsync(async connection =>
                {
                    using var command = MetadataStore.Command(connection, null, "PRAGMA wal_checkpoint(PASSIVE)");
                    return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
            {
                // Left to the next checkpoint.
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private sealed class PendingAppend(InferenceRecordBatch records)
    {
        public InferenceRecordBatch Records { get; } = records;

        public TaskCompletionSource Committed { get; } = NewSignal();
    }

    /// <summary>One journal frame as written (in native memory), on its way to the table.</summary>
    private sealed class JournalledFrame(NativeBuffer frame, int records, InferenceJournalSegment? sealedSegment)
    {
        public ReadOnlyMemory<byte> Payload => frame.Memory[InferenceJournalFrame.HeaderBytes..];

        public int Records { get; } = records;

        /// <summary>The segment this frame completed, deleted once the frame is in the table; usually null.</summary>
        public InferenceJournalSegment? Sealed { get; } = sealedSegment;

        /// <summary>Frees the frame; it is not used afterwards.</summary>
        public void Release() => frame.Release();
    }
}
