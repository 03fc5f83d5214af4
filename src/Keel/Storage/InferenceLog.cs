using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// Records every prediction, in two stages. An append copies the request's records, as one frame, into the
/// <see cref="InferenceJournal"/>'s memory-mapped segment file, under a lock, on the request's own thread: a copy into
/// the file's page cache, which survives the process being killed, with no system call and no hand-off to another
/// thread. <see cref="AppendAsync(InferenceRecordBatch, CancellationToken)"/> completes once the frame is there, so a
/// server that awaits it before answering never acknowledges a prediction it has not stored. (An earlier journal wrote
/// each frame with a system call, and grouped the appends that arrived during a write into one frame; at 20k requests/s
/// a frame held 1.3 records on average, so the grouping saved little, and its hand-offs cost more than the copy.)
/// Behind the requests, an ingester thread reads the journalled frames in place and copies their records into the
/// metadata store's <c>inference_log</c> table, gathered for up to 50 ms per transaction (the group commit that pays
/// here: each commit writes whole pages), and deletes a journal segment once all of it is there. Reads through this log
/// (<see cref="ReadAsync"/>, <see cref="RecordFeedbackAsync"/>) first wait until every record acknowledged before the call
/// is in the table. Segments left by a process that died are replayed into the table when a log or an
/// <see cref="InferenceLogReader"/> opens on the store. Thread-safe; dispose to drain both stages and stop.
/// </summary>
public sealed class InferenceLog : IAsyncDisposable
{
    /// <summary>The most records copied into the table in one transaction.</summary>
    private const int MaxRecordsPerIngest = 16384;

    /// <summary>How long journalled records may wait to be copied into the table together.</summary>
    private static readonly TimeSpan IngestInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How far (in records) the table may fall behind the journal before appends wait for it to catch up.</summary>
    private const long MaxPendingRecords = 65536;

    /// <summary>Size at which the journal moves on to a new segment, so a finished one can be deleted.</summary>
    private const long DefaultSegmentBytes = 32L * 1024 * 1024;

    /// <summary>How far ahead of the writer the ingester touches the active segment's pages (<see cref="InferenceJournalSegment.Prefault"/>).</summary>
    private const long PrefaultBytes = 2L * 1024 * 1024;

    private const string SaltName = "pii_salt";

    private readonly MetadataStore _store;
    private readonly InferenceJournal _journal;
    // Guards the journal (appends, and the ingester's look at its segments) and _closed.
    private readonly Lock _gate = new();
    private readonly Task _ingester;
    private readonly Action _pace;
    // Set by an append (or the close) when the ingester sleeps for want of records; no spinning before it sleeps.
    private readonly ManualResetEventSlim _recordsWanted = new(false, spinCount: 0);
    private int _ingesterIdle;
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
        // The copy blocks in SQLite for milliseconds at a time, and its checkpoints wait for the disk: on a thread of
        // its own, not one of the few the thread pool serves requests with.
        var ingested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ingester = ingested.Task;
        new Thread(() => IngestLoop(ingested)) { IsBackground = true, Name = "Keel inference log ingester" }.Start();
    }

    /// <summary>Masks pii values with the workspace's salt before they are logged.</summary>
    public PiiMask Mask { get; }

    /// <summary>Number of journal frames written so far, one per append (for tests and metrics).</summary>
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
    /// Journals <paramref name="records"/> and completes when they are written. Cancelling stops a wait for the store
    /// to catch up, not the write.
    /// </summary>
    /// <exception cref="InferenceLogException">The log is disposed, or the write failed.</exception>
    public ValueTask AppendAsync(IReadOnlyList<InferenceRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? ValueTask.CompletedTask : AppendAsync(InferenceRecordBatch.Of(records), cancellationToken);
    }

    /// <summary>
    /// Journals the records of <paramref name="batch"/> as one frame and completes when it is written; usually at once,
    /// unless the table has fallen <see cref="MaxPendingRecords"/> behind the journal, when it first waits for the table
    /// to catch up (back-pressure). The log takes the batch over (and disposes of it). Cancelling stops that wait, not the
    /// write: a prediction that was made is recorded.
    /// </summary>
    /// <exception cref="InferenceLogException">The log is disposed, or the write failed.</exception>
    public ValueTask AppendAsync(InferenceRecordBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (PendingRecords > MaxPendingRecords && !_ingester.IsCompleted)
        {
            return AppendWhenCaughtUpAsync(batch, cancellationToken);
        }
        try
        {
            Append(batch);
            return ValueTask.CompletedTask;
        }
        catch (InferenceLogException ex)
        {
            return ValueTask.FromException(ex);
        }
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
                       deployment, deployment_revision, deployment_role, inputs_columns
                FROM inference_log
                WHERE prediction_id >= @from AND prediction_id < @to AND inference_id = @id
                ORDER BY row_index
                """);
            // Prediction ids are '{inference_id}:{row}', so a request's records lie in the primary-key range from '{id}:'
            // up to '{id};' (';' follows ':' in code order); the test on inference_id keeps out a shadow's records, whose
            // inference id is '{id}:shadow'.
            var rows = await select.Bind("@id", inferenceId).Bind("@from", inferenceId + ":").Bind("@to", inferenceId + ";").ListAsync(r => (Record: new InferenceRecord(
                r.GetString(0), r.GetString(1), r.GetStringOrNull(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                r.GetString(6), r.GetString(7), r.GetInt64(8), r.GetTime(9))
            {
                Deployment = r.GetStringOrNull(10),
                DeploymentRevision = r.IsDBNull(11) ? null : r.GetInt32(11),
                DeploymentRole = r.GetStringOrNull(12),
            }, Columns: r.IsDBNull(13) ? (long?)null : r.GetInt64(13)), cancellationToken).ConfigureAwait(false);
            var inputs = new LoggedInputs(connection, null);
            var records = new List<InferenceRecord>(rows.Count);
            foreach (var (record, columns) in rows)
            {
                records.Add(record with { InputsJson = await inputs.ObjectAsync(record.PredictionId, record.InputsJson, columns, cancellationToken).ConfigureAwait(false) });
            }
            return records;
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
    /// Stops accepting records, stores what is journalled, and waits for the ingester to finish. The journal's segments
    /// are deleted when all of them reached the store; if the store could not take them, they stay for the next open to
    /// replay.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
        }
        _recordsWanted.Set();
        await _ingester.ConfigureAwait(false);
        if (PendingRecords == 0)
        {
            _journal.Delete();
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

    // One frame into the journal, under the lock; the batch goes back to its pool either way.
    private void Append(InferenceRecordBatch batch)
    {
        try
        {
            if (batch.Count == 0)
            {
                return;
            }
            lock (_gate)
            {
                if (_closed)
                {
                    throw new InferenceLogException("the inference log is closed");
                }
                try
                {
                    _journal.Append(batch);
                }
                catch (Exception ex)
                {
                    throw new InferenceLogException($"the inference log could not write its journal: {ex.Message}", ex);
                }
                _commits++;
                Interlocked.Add(ref _journalled, batch.Count);
            }
        }
        finally
        {
            batch.Dispose();
        }
        // The ingester only sleeps when it has copied everything; under load it is never woken from here. (The
        // increment above and the ingester's flag are both interlocked, full fences: either it sees the records or this
        // sees the flag.)
        if (Volatile.Read(ref _ingesterIdle) == 1 && Interlocked.Exchange(ref _ingesterIdle, 0) == 1)
        {
            _recordsWanted.Set();
        }
    }

    // Back-pressure: the table has fallen far behind (a long checkpoint, a locked store). Waits until it catches up, or
    // the ingester gives up (a store still failing as the log closes: the journal alone then keeps the records for the
    // next open to replay), then appends; cancelled, it appends at once.
    private async ValueTask AppendWhenCaughtUpAsync(InferenceRecordBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var signal = Volatile.Read(ref _ingestedSignal).Task;
                if (PendingRecords <= MaxPendingRecords || _ingester.IsCompleted)
                {
                    break;
                }
                await Task.WhenAny(signal, _ingester).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Append(batch);
        }
    }

    private void IngestLoop(TaskCompletionSource done)
    {
        var payloads = new List<ReadOnlyMemory<byte>>();
        var cursor = 0L; // offset of the next frame to copy in the journal's oldest segment
        InferenceLogInserter? inserter = null;
        var checkpoint = Task.CompletedTask;
        long sinceCheckpoint = 0;
        try
        {
            while (WaitForRecords())
            {
                Gather();
                payloads.Clear();
                var (records, next, full) = Collect(payloads, cursor);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        inserter ??= InferenceLogInserter.OpenAsync(_store, CancellationToken.None).GetAwaiter().GetResult();
                        inserter.Insert(payloads, _pace);
                        break;
                    }
                    catch (Exception ex)
                    {
                        // Whatever went wrong, the loop must go on: requests may wait on it. The records are safe in the
                        // journal; the connection is reopened and the same transaction retried, and reads that need them
                        // fail meanwhile. Once the log is closing, a store that keeps failing is left: the segments stay
                        // on disk and the next open replays them.
                        _ingestError = ex;
                        SignalIngestion();
                        inserter?.Dispose();
                        inserter = null;
                        if (IsClosed && attempt >= 3)
                        {
                            return;
                        }
                        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(2000, 50 * attempt)));
                    }
                }
                // Full segments go before the readers waiting for these records are woken, so a caught-up log has no
                // stored frame left on disk: one is cleared to be the next spare, the others deleted. Out of the lock:
                // clearing, unmapping and deleting take milliseconds.
                for (var i = 0; i < full; i++)
                {
                    InferenceJournalSegment stored;
                    bool reuse;
                    lock (_gate)
                    {
                        stored = _journal.TakeOldest();
                        reuse = !_journal.HasSpare && _journal.CanReuse(stored);
                    }
                    if (reuse)
                    {
                        stored.Clear();
                        KeepAsSpare(stored);
                    }
                    else
                    {
                        stored.Delete();
                    }
                }
                cursor = next;
                _ingestError = null;
                Interlocked.Add(ref _ingested, records);
                SignalIngestion();
                checkpoint = CheckpointIfDue(checkpoint, ref sinceCheckpoint, records);
                PrepareForWriter();
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

    // Waits until there are journalled records to copy; false once the log is closed and every one is copied.
    private bool WaitForRecords()
    {
        while (true)
        {
            if (PendingRecords > 0)
            {
                return true;
            }
            if (IsClosed)
            {
                return PendingRecords > 0;
            }
            _recordsWanted.Reset();
            Interlocked.Exchange(ref _ingesterIdle, 1);
            if (PendingRecords == 0 && !IsClosed)
            {
                _recordsWanted.Wait();
            }
            Interlocked.Exchange(ref _ingesterIdle, 0);
        }
    }

    // The payloads of the journalled frames from `cursor` in the oldest segment on, in place, up to MaxRecordsPerIngest
    // records (at least one frame): their record count, where the next frame starts, and how many full segments they
    // finish (those come first in the journal, and the next frame is in the segment after them).
    private (int Records, long Next, int Full) Collect(List<ReadOnlyMemory<byte>> payloads, long cursor)
    {
        InferenceJournalSegment[] segments;
        lock (_gate)
        {
            segments = [.. _journal.Segments];
        }
        var records = 0;
        var full = 0;
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            var end = segment.Length; // a full segment's is final; the active one's may grow, up to here is published
            while (cursor < end && (payloads.Count == 0 || records < MaxRecordsPerIngest))
            {
                var header = segment.Read(cursor, InferenceJournalFrame.HeaderBytes).Span;
                if (!InferenceJournalFrame.TryReadHeader(header, out var length, out _))
                {
                    throw new InvalidDataException($"the journal segment {segment.FilePath} has no frame at byte {cursor}");
                }
                var payload = segment.Read(cursor + InferenceJournalFrame.HeaderBytes, length);
                records += InferenceJournalFrame.RecordCount(payload.Span);
                payloads.Add(payload);
                cursor += InferenceJournalFrame.HeaderBytes + length;
            }
            if (cursor < end || s == segments.Length - 1)
            {
                break;
            }
            // A full segment read to its end: the next frame is at the start of the next segment.
            full++;
            cursor = 0;
        }
        return (records, cursor, full);
    }

    // Keeps appends off slow paths: touches the active segment's pages ahead of the writer, so that its copies do not
    // stop on page faults, and creates the next segment before the active one is full (creating one under the lock held
    // every append up for 2-3 ms). Appends wait for neither; a failure is left to the append that needs the segment.
    private void PrepareForWriter()
    {
        InferenceJournalSegment active;
        bool spareWanted;
        lock (_gate)
        {
            active = _journal.Active;
            spareWanted = !_journal.HasSpare && !_closed;
        }
        active.Prefault(active.Length + PrefaultBytes);
        if (!spareWanted)
        {
            return;
        }
        try
        {
            var spare = _journal.CreateSpare();
            spare.Prefault(PrefaultBytes);
            KeepAsSpare(spare);
        }
        catch (IOException)
        {
            // No spare: the rollover creates its segment itself, and reports the failure if it fails again.
        }
    }

    // Hands an empty segment to the journal for its next rollover, or deletes it when the journal has one already or
    // the log is closing.
    private void KeepAsSpare(InferenceJournalSegment segment)
    {
        bool kept;
        lock (_gate)
        {
            kept = !_closed && _journal.OfferSpare(segment);
        }
        if (!kept)
        {
            segment.Delete();
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
}
