using Microsoft.Win32.SafeHandles;

namespace Keel.Storage;

/// <summary>
/// The inference log's commit point: append-only segment files in <c>{database}.inference/</c>, mapped into memory. A
/// batch of records is acknowledged once its frame is copied into the active segment (the file's page cache: like
/// SQLite's WAL with <c>synchronous=NORMAL</c>, it survives the process being killed, not the machine losing power), and
/// copied into the store's <c>inference_log</c> table afterwards, read in place from the mapping. A segment is deleted
/// when everything in it is in the store; one left behind by a process that died is replayed into the store by
/// <see cref="RecoverAsync"/>. Not thread-safe: the log serialises appends and the reader's calls.
/// </summary>
internal sealed class InferenceJournal : IDisposable
{
    public const string SegmentExtension = ".seg";

    private const int RecordsPerRecoveryTransaction = 4096;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly List<InferenceJournalSegment> _segments = [];
    private readonly InferenceRecordBatch[] _one = new InferenceRecordBatch[1];
    private InferenceJournalSegment? _spare;

    private InferenceJournal(string directory, long segmentBytes)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _segments.Add(InferenceJournalSegment.Create(directory, segmentBytes));
    }

    /// <summary>The segment appends go to.</summary>
    public InferenceJournalSegment Active => _segments[^1];

    /// <summary>The segments not yet deleted, oldest first; the last is <see cref="Active"/>, the others are full.</summary>
    public IReadOnlyList<InferenceJournalSegment> Segments => _segments;

    /// <summary>Where <paramref name="store"/>'s journal segments live.</summary>
    public static string DirectoryOf(MetadataStore store) => store.DatabasePath + ".inference";

    /// <summary>Starts a new segment for <paramref name="store"/>; a segment holds about <paramref name="segmentBytes"/>.</summary>
    public static InferenceJournal Open(MetadataStore store, long segmentBytes) => new(DirectoryOf(store), segmentBytes);

    /// <summary>
    /// Writes the records of <paramref name="batch"/> as one frame at the end of the active segment. When the frame does
    /// not fit, the active segment is full and appends go on in a new one (as large as the frame, if it is larger).
    /// </summary>
    /// <exception cref="IOException">A new segment could not be created; nothing of the frame counts as written.</exception>
    /// <exception cref="ArgumentException">The records are more than one frame holds.</exception>
    public void Append(InferenceRecordBatch batch)
    {
        _one[0] = batch;
        try
        {
            Append(_one);
        }
        finally
        {
            _one[0] = null!;
        }
    }

    /// <inheritdoc cref="Append(InferenceRecordBatch)"/>
    public void Append(IReadOnlyList<InferenceRecordBatch> batches)
    {
        var size = InferenceJournalFrame.Size(batches);
        if (Active.Remaining < size)
        {
            if (_spare is { } spare && spare.Remaining >= size)
            {
                _spare = null;
                _segments.Add(spare);
            }
            else
            {
                _segments.Add(InferenceJournalSegment.Create(_directory, Math.Max(_segmentBytes, size)));
            }
        }
        var active = Active;
        InferenceJournalFrame.Write(active.Reserve(size), batches);
        active.Publish(size);
    }

    /// <summary>Whether a spare segment is ready for the next rollover.</summary>
    public bool HasSpare => _spare is not null;

    /// <summary>
    /// Creates the segment the next rollover takes, so that appends do not wait for a file to be created (the reader
    /// calls this outside the log's lock, then hands it over with <see cref="OfferSpare"/>).
    /// </summary>
    /// <exception cref="IOException">The file could not be created.</exception>
    public InferenceJournalSegment CreateSpare() => InferenceJournalSegment.Create(_directory, _segmentBytes);

    /// <summary>Keeps <paramref name="segment"/> for the next rollover; false (and nothing kept) when one is kept already.</summary>
    public bool OfferSpare(InferenceJournalSegment segment)
    {
        if (_spare is not null)
        {
            return false;
        }
        _spare = segment;
        return true;
    }

    /// <summary>Whether a stored segment, once cleared, can be the spare (it has the journal's usual capacity).</summary>
    public bool CanReuse(InferenceJournalSegment segment) => segment.Capacity == _segmentBytes;

    /// <summary>
    /// Takes the oldest segment, full and stored, out of the journal for the reader to delete (outside the log's lock:
    /// unmapping and deleting a full segment takes many milliseconds).
    /// </summary>
    public InferenceJournalSegment TakeOldest()
    {
        if (_segments.Count < 2)
        {
            throw new InvalidOperationException("the active segment is never deleted while appends may go on");
        }
        var oldest = _segments[0];
        _segments.RemoveAt(0);
        return oldest;
    }

    /// <summary>Deletes every segment (every record is in the store) once appends have stopped.</summary>
    public void Delete() => Close(static segment => segment.Delete());

    /// <summary>Closes every segment, leaving its file (cut to its frames) for recovery; the spare, empty, is deleted.</summary>
    public void Dispose() => Close(static segment => segment.Dispose());

    private void Close(Action<InferenceJournalSegment> close)
    {
        foreach (var segment in _segments)
        {
            close(segment);
        }
        _segments.Clear();
        _spare?.Delete();
        _spare = null;
    }

    /// <summary>
    /// Copies the records of every segment no running process holds into <paramref name="store"/> (skipping records
    /// already there), then deletes the segment. Segments a live server is writing are locked and left alone. A frame cut
    /// short by a crash ends its segment: it was never acknowledged. A segment whose intact frame does not decode is kept,
    /// renamed <c>*.damaged</c>, after its readable records are stored.
    /// </summary>
    public static async Task<InferenceJournalRecovery> RecoverAsync(MetadataStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var directory = DirectoryOf(store);
        if (!Directory.Exists(directory))
        {
            return InferenceJournalRecovery.Nothing;
        }
        var recovery = InferenceJournalRecovery.Nothing;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentExtension))
        {
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException)
            {
                // Locked by the server writing it, or already recovered and deleted by another process.
                continue;
            }
            using (handle)
            {
                var segment = ReadSegment(handle);
                if (segment.Records > 0)
                {
                    using var inserter = await InferenceLogInserter.OpenAsync(store, cancellationToken).ConfigureAwait(false);
                    var transaction = new List<ReadOnlyMemory<byte>>();
                    var records = 0;
                    foreach (var payload in segment.Payloads)
                    {
                        transaction.Add(payload);
                        records += InferenceJournalFrame.RecordCount(payload);
                        if (records >= RecordsPerRecoveryTransaction)
                        {
                            inserter.Insert(transaction);
                            transaction.Clear();
                            records = 0;
                        }
                    }
                    if (transaction.Count > 0)
                    {
                        inserter.Insert(transaction);
                    }
                }
                if (segment.Damaged)
                {
                    File.Move(path, path + ".damaged");
                }
                else
                {
                    File.Delete(path);
                }
                if (segment.Payloads.Count > 0 || segment.IgnoredBytes > 0 || segment.Damaged)
                {
                    // Counted when it held anything: a segment never written to (the spare a killed server had ready
                    // for its next rollover, or one that served no request) is only deleted.
                    recovery = recovery.Add(segment);
                }
            }
        }
        return recovery;
    }

    /// <summary>The payloads of every whole, intact frame from the start of a segment, up to the first that is not.</summary>
    internal static InferenceJournalSegmentContents ReadSegment(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        var payloads = new List<byte[]>();
        long records = 0;
        var header = new byte[InferenceJournalFrame.HeaderBytes];
        long at = 0;
        var damaged = false;
        while (at + header.Length <= length)
        {
            ReadExactly(handle, header, at);
            if (!InferenceJournalFrame.TryReadHeader(header, out var payloadLength, out var checksum) || at + header.Length + payloadLength > length)
            {
                break;
            }
            var payload = new byte[payloadLength];
            ReadExactly(handle, payload, at + header.Length);
            if (!InferenceJournalFrame.IsIntact(payload, checksum))
            {
                break;
            }
            try
            {
                InferenceJournalFrame.Validate(payload);
            }
            catch (InvalidDataException)
            {
                damaged = true;
                break;
            }
            payloads.Add(payload);
            records += InferenceJournalFrame.RecordCount(payload);
            at += header.Length + payloadLength;
        }
        return new InferenceJournalSegmentContents(payloads, records, WrittenAfter(handle, at, length), damaged);
    }

    // Bytes from `from` up to the last one that is not zero: what a write cut short left after the last whole frame. A
    // segment killed while it was mapped is zeroes after its last frame up to its capacity; they were never written.
    private static long WrittenAfter(SafeFileHandle handle, long from, long length)
    {
        var chunk = new byte[64 * 1024];
        var end = from;
        for (var at = from; at < length; at += chunk.Length)
        {
            var span = chunk.AsSpan(0, (int)Math.Min(chunk.Length, length - at));
            ReadExactly(handle, span, at);
            var last = span.LastIndexOfAnyExcept((byte)0);
            if (last >= 0)
            {
                end = at + last + 1;
            }
        }
        return end - from;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("an inference journal segment ended while it was being read");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }
}

/// <summary>What one segment held: its readable frames' payloads and their records, the bytes after them that were not, and whether a frame was damaged.</summary>
internal sealed record InferenceJournalSegmentContents(List<byte[]> Payloads, long Records, long IgnoredBytes, bool Damaged);

/// <summary>What <see cref="InferenceJournal.RecoverAsync"/> did.</summary>
/// <param name="Segments">Segments replayed (segments never written to are deleted without being counted).</param>
/// <param name="Records">Records read from them (including any the store already had).</param>
/// <param name="IgnoredBytes">Bytes written after the last whole frame (a write cut short; the zeroes a segment was never written up to do not count).</param>
/// <param name="Damaged">Segments kept as <c>*.damaged</c>.</param>
public sealed record InferenceJournalRecovery(int Segments, long Records, long IgnoredBytes, int Damaged)
{
    internal static InferenceJournalRecovery Nothing { get; } = new(0, 0, 0, 0);

    internal InferenceJournalRecovery Add(InferenceJournalSegmentContents segment) =>
        new(Segments + 1, Records + segment.Records, IgnoredBytes + segment.IgnoredBytes, Damaged + (segment.Damaged ? 1 : 0));
}
