using Microsoft.Win32.SafeHandles;

namespace Keel.Storage;

/// <summary>
/// The inference log's commit point: append-only segment files in <c>{database}.inference/</c>. A batch of records is
/// acknowledged once its frame is written (one positional write, no fsync: like SQLite's WAL with
/// <c>synchronous=NORMAL</c>, it survives the process being killed, not the machine losing power), and copied into the
/// store's <c>inference_log</c> table afterwards. A segment is deleted when everything in it is in the store; one left
/// behind by a process that died is replayed into the store by <see cref="RecoverAsync"/>. Not thread-safe: one writer.
/// </summary>
internal sealed class InferenceJournal : IDisposable
{
    public const string SegmentExtension = ".seg";

    private const int RecordsPerRecoveryTransaction = 4096;

    private readonly string _directory;
    private readonly long _segmentBytes;

    private InferenceJournal(string directory, long segmentBytes)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        Active = InferenceJournalSegment.Create(directory, segmentBytes);
    }

    /// <summary>The segment appends go to.</summary>
    public InferenceJournalSegment Active { get; private set; }

    /// <summary>Where <paramref name="store"/>'s journal segments live.</summary>
    public static string DirectoryOf(MetadataStore store) => store.DatabasePath + ".inference";

    /// <summary>Starts a new segment for <paramref name="store"/>; a segment holds about <paramref name="segmentBytes"/>.</summary>
    public static InferenceJournal Open(MetadataStore store, long segmentBytes) => new(DirectoryOf(store), segmentBytes);

    /// <summary>
    /// Writes the records of <paramref name="batches"/> as one frame at the end of the active segment and returns the
    /// frame (header and payload) in native memory, for the caller to store and release. When the frame fills the
    /// segment, appends go on in a new one and the full one is <paramref name="full"/> (delete it once its records are
    /// stored); otherwise that is null.
    /// </summary>
    /// <exception cref="IOException">The frame could not be written; nothing of it counts as written.</exception>
    public NativeBuffer Append(IReadOnlyList<InferenceRecordBatch> batches, out InferenceJournalSegment? full)
    {
        var frame = new NativeBuffer(InferenceJournalFrame.Size(batches));
        try
        {
            InferenceJournalFrame.Write(frame.GetSpan(), batches);
            Active.Write(frame.GetSpan());
            full = null;
            if (Active.Length >= _segmentBytes)
            {
                full = Active;
                Active = InferenceJournalSegment.Create(_directory, _segmentBytes);
            }
            return frame;
        }
        catch
        {
            frame.Release();
            throw;
        }
    }

    /// <summary>Closes the active segment, leaving its file for recovery.</summary>
    public void Dispose() => Active.Dispose();

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
                recovery = recovery.Add(segment);
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
        return new InferenceJournalSegmentContents(payloads, records, length - at, damaged);
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
/// <param name="Segments">Segments replayed.</param>
/// <param name="Records">Records read from them (including any the store already had).</param>
/// <param name="IgnoredBytes">Bytes after the last whole frame (a write cut short).</param>
/// <param name="Damaged">Segments kept as <c>*.damaged</c>.</param>
public sealed record InferenceJournalRecovery(int Segments, long Records, long IgnoredBytes, int Damaged)
{
    internal static InferenceJournalRecovery Nothing { get; } = new(0, 0, 0, 0);

    internal InferenceJournalRecovery Add(InferenceJournalSegmentContents segment) =>
        new(Segments + 1, Records + segment.Records, IgnoredBytes + segment.IgnoredBytes, Damaged + (segment.Damaged ? 1 : 0));
}
