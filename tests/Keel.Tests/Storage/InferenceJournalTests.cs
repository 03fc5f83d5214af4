using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Storage;

public sealed class InferenceJournalTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));

    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly string _path;

    public InferenceJournalTests() => _path = _temp.Combine("keel.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task OpenAsync_SegmentLeftByADeadWriter_ReplaysItIntoTheStoreOnceAndDeletesIt()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var stored = Record("a", 0);
        await using (var earlier = await InferenceLog.OpenAsync(store))
        {
            await earlier.AppendAsync([stored]);
        }
        // A writer that dies after its frames are written but before they are all in the table: one record is already
        // there (copied before the crash), the others only in the segment.
        var left = new[] { stored, Record("a", 1) with { RequestId = null, Deployment = null, DeploymentRevision = null, DeploymentRole = null }, Record("b", 0) with { InputsJson = """{"city":"São Paulo ✓"}""" } };
        WriteDeadSegment(store, [left[..2], left[2..]]);

        await using var log = await InferenceLog.OpenAsync(store);

        Assert.Equal(new InferenceJournalRecovery(1, 3, 0, 0), log.Recovered);
        Assert.Equal(left[..2], await log.ReadAsync("a"));
        Assert.Equal(left[2..], await log.ReadAsync("b"));
        Assert.Empty(Directory.GetFiles(InferenceJournal.DirectoryOf(store), "*.damaged"));
        Assert.Single(Directory.GetFiles(InferenceJournal.DirectoryOf(store)));
    }

    [Fact]
    public async Task RecoverAsync_LastFrameCutShort_StoresTheWholeFramesAndIgnoresTheRest()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var segment = WriteDeadSegment(store, [[Record("a", 0)], [Record("b", 0), Record("b", 1)]]);
        var length = new FileInfo(segment).Length;
        using (var file = File.OpenWrite(segment))
        {
            file.SetLength(length - 5);
        }

        var recovery = await InferenceJournal.RecoverAsync(store);

        Assert.Equal(1, recovery.Records);
        Assert.True(recovery.IgnoredBytes > InferenceJournalFrame.HeaderBytes, $"{recovery.IgnoredBytes} bytes ignored");
        Assert.False(File.Exists(segment));
        Assert.Equal(["a:0"], await PredictionIdsAsync(store));
    }

    [Fact]
    public async Task RecoverAsync_FrameWithAFlippedByte_FailsItsChecksumAndEndsTheSegment()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var segment = WriteDeadSegment(store, [[Record("a", 0)], [Record("b", 0)], [Record("c", 0)]]);
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0x20; // inside the second frame's payload (the three frames are the same size)
        await File.WriteAllBytesAsync(segment, bytes);

        var recovery = await InferenceJournal.RecoverAsync(store);

        Assert.Equal(1, recovery.Records);
        Assert.Equal(["a:0"], await PredictionIdsAsync(store));
    }

    [Fact]
    public async Task RecoverAsync_SegmentOfAKilledProcess_ZeroesAfterItsFramesAreNotIgnoredBytes()
    {
        // A process killed while its segment is mapped leaves the file at its full capacity: the frames, then zeroes
        // never written. The bytes of a live segment's mapping (the file's page cache) are such a file.
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var dead = DeadSegmentPath(store);
        using (var journal = InferenceJournal.Open(store, 1 << 20))
        {
            Append(journal, [Record("a", 0)]);
            Append(journal, [Record("b", 0), Record("b", 1)]);
            await WriteAsKilledAsync(journal.Active, dead);
            journal.Delete(); // the live segment itself is not part of the test
        }
        Assert.Equal(1 << 20, new FileInfo(dead).Length);

        var recovery = await InferenceJournal.RecoverAsync(store);

        Assert.Equal(new InferenceJournalRecovery(1, 3, 0, 0), recovery);
        Assert.Equal(["a:0", "b:0", "b:1"], await PredictionIdsAsync(store));
        Assert.False(File.Exists(dead));
    }

    [Fact]
    public async Task RecoverAsync_SegmentNeverWrittenTo_IsDeletedWithoutBeingCounted()
    {
        // The spare a killed server had ready for its next rollover: its capacity in zeroes.
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        Directory.CreateDirectory(InferenceJournal.DirectoryOf(store));
        var spare = Path.Combine(InferenceJournal.DirectoryOf(store), "spare" + InferenceJournal.SegmentExtension);
        await File.WriteAllBytesAsync(spare, new byte[1 << 16]);

        var recovery = await InferenceJournal.RecoverAsync(store);

        Assert.Equal(new InferenceJournalRecovery(0, 0, 0, 0), recovery);
        Assert.False(File.Exists(spare));
    }

    [Fact]
    public async Task RecoverAsync_KilledMidCopy_TheTornFramesBytesAreIgnoredAndTheWholeOnesStored()
    {
        // A frame's header is written after its payload: a copy cut short leaves payload bytes behind a zero header.
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var dead = DeadSegmentPath(store);
        long firstFrame, written;
        using (var journal = InferenceJournal.Open(store, 1 << 20))
        {
            Append(journal, [Record("a", 0)]);
            firstFrame = journal.Active.Length;
            Append(journal, [Record("b", 0)]);
            written = journal.Active.Length;
            await WriteAsKilledAsync(journal.Active, dead);
            journal.Delete(); // the live segment itself is not part of the test
        }
        using (var file = File.OpenWrite(dead))
        {
            file.Position = firstFrame;
            file.Write(new byte[InferenceJournalFrame.HeaderBytes]);
        }

        var recovery = await InferenceJournal.RecoverAsync(store);

        Assert.Equal(1, recovery.Records);
        Assert.InRange(recovery.IgnoredBytes, 1, written - firstFrame); // up to the end of the torn frame
        Assert.Equal(["a:0"], await PredictionIdsAsync(store));
    }

    [Fact]
    public async Task RecoverAsync_SegmentOfARunningLog_IsLeftAlone()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        using var journal = InferenceJournal.Open(store, 1 << 20);
        Append(journal, [Record("a", 0)]);

        var recovery = await InferenceJournal.RecoverAsync(store);

        Assert.Equal(0, recovery.Segments);
        Assert.True(File.Exists(journal.Active.FilePath));
        Assert.Empty(await PredictionIdsAsync(store));
    }

    [Fact]
    public async Task AppendAsync_SegmentsFill_FullOnesAreDeletedOnceStoredAndTheLastOnDispose()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var directory = InferenceJournal.DirectoryOf(store);
        var log = await InferenceLog.OpenAsync(store, segmentBytes: 1, CancellationToken.None);
        await using (log)
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync([Record($"r{i}", 0), Record($"r{i}", 1)]);
            }
            await log.WaitForStoreAsync();

            Assert.Equal(5, log.Commits);
            // Each append filled its segment: the four full ones are deleted, the last (active) one is left, and perhaps
            // a spare the log created for the next rollover.
            Assert.InRange(Directory.GetFiles(directory).Length, 1, 2);
        }

        Assert.Empty(Directory.GetFiles(directory));
        Assert.Equal(10, (await PredictionIdsAsync(store)).Count);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentRequests_EveryRecordIsStoredOnce()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);

        await AppendFromEightThreadsAsync(log, appends: 250, mostRows: 3);
        await log.WaitForStoreAsync();

        var ids = await PredictionIdsAsync(store);
        Assert.Equal(8 * (84 * 1 + 83 * 2 + 83 * 3), ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(8 * 250, log.Commits); // one frame per append
        Assert.Equal(0, log.PendingRecords);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentRequestsOverManySegments_EveryRecordIsStoredOnceAndStoredSegmentsGo()
    {
        // Segments of 4 KB hold a few frames each: appends roll over all the time, onto the spare the ingester
        // prepares or a new segment, while the ingester reads across segment ends and deletes the stored ones.
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var directory = InferenceJournal.DirectoryOf(store);
        var log = await InferenceLog.OpenAsync(store, segmentBytes: 4096, CancellationToken.None);
        await using (log)
        {
            await AppendFromEightThreadsAsync(log, appends: 200, mostRows: 4);
            await log.WaitForStoreAsync();

            var ids = await PredictionIdsAsync(store);
            Assert.Equal(8 * 50 * (1 + 2 + 3 + 4), ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.InRange(Directory.GetFiles(directory).Length, 1, 2); // the active segment, and perhaps a spare
        }

        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public async Task AppendAsync_SegmentsFillOneAfterAnother_StoredOnesAreReusedAsTheSpare()
    {
        // Each append rolls over a 1 KB segment every few frames. Without reuse every rollover would be a new file; with
        // it the log keeps to two (the active segment and the spare) once it is running.
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var directory = InferenceJournal.DirectoryOf(store);
        var log = await InferenceLog.OpenAsync(store, segmentBytes: 1024, CancellationToken.None);
        var files = new HashSet<string>();
        await using (log)
        {
            for (var i = 0; i < 60; i++)
            {
                await log.AppendAsync([Record($"r{i}", 0), Record($"r{i}", 1)]);
                await log.WaitForStoreAsync();
                files.UnionWith(Directory.GetFiles(directory));
            }
        }

        Assert.Equal(120, (await PredictionIdsAsync(store)).Count);
        Assert.InRange(files.Count, 2, 3);
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public async Task Clear_StoredSegment_HoldsNoFrameForARecoveryAndTakesFramesAgain()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var dead = DeadSegmentPath(store);
        using (var journal = InferenceJournal.Open(store, 1 << 16))
        {
            Append(journal, [Record("a", 0)]);
            Append(journal, [Record("b", 0)]);
            var segment = journal.Active;

            segment.Clear();

            Assert.Equal(0, segment.Length);
            Assert.True(segment.Read(0, segment.Capacity).Span.IndexOfAnyExcept((byte)0) < 0);
            // A process killed now leaves a segment a recovery finds empty: nothing of it is stored again.
            await WriteAsKilledAsync(segment, dead);
            Assert.Equal(new InferenceJournalRecovery(0, 0, 0, 0), await InferenceJournal.RecoverAsync(store));
            Assert.Empty(await PredictionIdsAsync(store));

            Append(journal, [Record("c", 0)]);
            await WriteAsKilledAsync(segment, dead);
            journal.Delete();
        }

        Assert.Equal(new InferenceJournalRecovery(1, 1, 0, 0), await InferenceJournal.RecoverAsync(store));
        Assert.Equal(["c:0"], await PredictionIdsAsync(store));
    }

    [Fact]
    public async Task DisposeAsync_WhileRequestsAppend_EveryAcknowledgedRecordIsStoredAndLaterOnesAreRefused()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var log = await InferenceLog.OpenAsync(store);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var refused = 0;
        var writers = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    await log.AppendAsync([Record($"t{t}-{i}", 0)]);
                    acknowledged.Add($"t{t}-{i}:0");
                }
                catch (InferenceLogException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        })).ToArray();
        while (acknowledged.Count < 500)
        {
            await Task.Delay(5);
        }

        await log.DisposeAsync();
        await Task.WhenAll(writers);

        Assert.Equal(8, refused);
        Assert.Empty(Directory.GetFiles(InferenceJournal.DirectoryOf(store)));
        var stored = (await PredictionIdsAsync(store)).ToHashSet();
        Assert.Subset(stored, acknowledged.ToHashSet());
    }

    [Fact]
    public async Task AppendAsync_NoReaderWaiting_RecordsReachTheTableOnTheirOwn()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);

        await log.AppendAsync([Record("a", 0)]);

        // Nothing here asks the log to catch up: the ingester copies gathered records by itself, within its interval.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await PredictionIdsAsync(store)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the record never reached the table");
            await Task.Delay(10);
        }
        await log.WaitForStoreAsync();
        Assert.Equal(0, log.PendingRecords);
    }

    [Fact]
    public async Task Insert_FrameWrittenForRecords_StoresEveryField()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var records = new[]
        {
            Record("a", 0),
            Record("a", 1) with { RequestId = null, Deployment = null, DeploymentRevision = null, DeploymentRole = null, LatencyMicroseconds = long.MaxValue },
            Record("a", 2) with { RequestId = "", OutputsJson = "{\"label\":\"日本\"}", Time = T0.ToOffset(TimeSpan.FromMinutes(-210)).AddTicks(1) },
        };
        var frame = Frame(records[..1], records[1..]).AsMemory();

        Assert.True(InferenceJournalFrame.TryReadHeader(frame.Span, out var length, out var checksum));
        Assert.Equal(frame.Length - InferenceJournalFrame.HeaderBytes, length);
        Assert.True(InferenceJournalFrame.IsIntact(frame.Span[InferenceJournalFrame.HeaderBytes..], checksum));
        Assert.Equal(3, InferenceJournalFrame.RecordCount(frame.Span[InferenceJournalFrame.HeaderBytes..]));
        using (var inserter = await InferenceLogInserter.OpenAsync(store, CancellationToken.None))
        {
            inserter.Insert([frame[InferenceJournalFrame.HeaderBytes..]]);
        }

        await using var log = await InferenceLog.OpenAsync(store);
        Assert.Equal(records, await log.ReadAsync("a"));
    }

    [Fact]
    public async Task Insert_ManyRecords_PausesAfterEverySliceAndStoresThemAll()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var records = Enumerable.Range(0, (2 * InferenceLogInserter.SliceRecords) + 5).Select(r => Record("a", r)).ToArray();
        var frame = Frame(records[..10], records[10..]).AsMemory();
        var pauses = 0;

        using (var inserter = await InferenceLogInserter.OpenAsync(store, CancellationToken.None))
        {
            inserter.Insert([frame[InferenceJournalFrame.HeaderBytes..]], () => pauses++);
        }

        Assert.Equal(2, pauses);
        Assert.Equal(records.Length, (await PredictionIdsAsync(store)).Count);
    }

    [Fact]
    public void Validate_PayloadWithARecordCut_IsInvalidData()
    {
        var payload = Frame([Record("a", 0), Record("a", 1)])[InferenceJournalFrame.HeaderBytes..];

        InferenceJournalFrame.Validate(payload);
        Assert.Throws<InvalidDataException>(() => InferenceJournalFrame.Validate(payload.AsSpan(0, payload.Length - 3)));
        Assert.Throws<InvalidDataException>(() => InferenceJournalFrame.Validate([.. payload, 0]));
    }

    // Eight writers at once, each appending `appends` requests of 1 to `mostRows` rows in turn (inference ids t{t}-{i}).
    private static Task AppendFromEightThreadsAsync(InferenceLog log, int appends, int mostRows) =>
        Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < appends; i++)
            {
                await log.AppendAsync([.. Enumerable.Range(0, 1 + (i % mostRows)).Select(r => Record($"t{t}-{i}", r))]);
            }
        })));

    // Where a test puts a segment file as a killed process would have left it.
    private static string DeadSegmentPath(MetadataStore store) => Path.Combine(InferenceJournal.DirectoryOf(store), "dead" + InferenceJournal.SegmentExtension);

    // Writes the bytes of a live segment's mapping (the file's page cache) to `path`: the file a process killed now leaves.
    private static Task WriteAsKilledAsync(InferenceJournalSegment segment, string path) =>
        File.WriteAllBytesAsync(path, segment.Read(0, segment.Capacity).ToArray());

    // Writes frames to a new segment and closes it without deleting, as a process killed after writing them would.
    private static string WriteDeadSegment(MetadataStore store, IReadOnlyList<InferenceRecord>[] frames)
    {
        using var journal = InferenceJournal.Open(store, 1 << 20);
        foreach (var frame in frames)
        {
            Append(journal, frame);
        }
        return journal.Active.FilePath;
    }

    private static void Append(InferenceJournal journal, IReadOnlyList<InferenceRecord> records)
    {
        using var batch = InferenceRecordBatch.Of(records);
        journal.Append(batch);
    }

    // One frame (header and payload) holding the records of each list, as one batch per list.
    private static byte[] Frame(params IReadOnlyList<InferenceRecord>[] lists)
    {
        var batches = lists.Select(InferenceRecordBatch.Of).ToList();
        try
        {
            var frame = new byte[InferenceJournalFrame.Size(batches)];
            InferenceJournalFrame.Write(frame, batches);
            return frame;
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    private static async Task<List<string>> PredictionIdsAsync(MetadataStore store)
    {
        await using var reader = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter());
        var ids = new List<string>();
        await foreach (var row in reader.ReadAsync())
        {
            ids.Add(row.Record.PredictionId);
        }
        return ids;
    }

    private static InferenceRecord Record(string inference, int row) =>
        new($"{inference}:{row}", inference, "req-7", "churn", "3", row, "{\"x\":1}", "{\"prediction\":\"yes\"}", 1234, T0)
        {
            Deployment = "churn",
            DeploymentRevision = 4,
            DeploymentRole = "candidate",
        };
}
