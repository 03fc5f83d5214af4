using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Keel.Storage;

/// <summary>
/// The on-disk form of one batch of inference records in an <see cref="InferenceJournal"/> segment: a 12-byte header
/// (magic <c>KIJ1</c>, payload length, CRC-32 of the payload, all little-endian) followed by the payload (record count,
/// then each record's fields; strings as a byte length, -1 for null, and UTF-8 bytes). A frame is valid only whole and
/// with a matching checksum, so a write cut short by a crash is recognised and ignored.
/// </summary>
internal static class InferenceJournalFrame
{
    public const int HeaderBytes = 12;

    /// <summary>Largest payload a reader accepts; a header claiming more is damage, not a frame.</summary>
    public const int MaxPayloadBytes = 256 * 1024 * 1024;

    private const uint Magic = 0x314A_494B; // "KIJ1" read as little-endian bytes

    /// <summary>Appends one frame holding <paramref name="batches"/>' records, in order, to <paramref name="buffer"/>.</summary>
    public static void Write<TBatches>(ArrayBufferWriter<byte> buffer, TBatches batches)
        where TBatches : IEnumerable<IReadOnlyList<InferenceRecord>>
    {
        var start = buffer.WrittenCount;
        buffer.GetSpan(HeaderBytes);
        buffer.Advance(HeaderBytes);
        var countAt = buffer.WrittenCount;
        WriteInt32(buffer, 0);
        var count = 0;
        foreach (var records in batches)
        {
            for (var i = 0; i < records.Count; i++)
            {
                WriteRecord(buffer, records[i]);
            }
            count += records.Count;
        }
        // The buffer may have moved while it grew, so the count and the header are filled in at the end.
        var written = MemoryMarshal.AsMemory(buffer.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32LittleEndian(written[countAt..], count);
        var header = written.Slice(start, HeaderBytes);
        var payload = written[(start + HeaderBytes)..];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32.HashToUInt32(payload));
    }

    /// <summary>
    /// Reads the header at the start of <paramref name="header"/>: the payload length and checksum, or false when the
    /// bytes are not a frame header (zeroes past the last frame, or damage).
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out int payloadLength, out uint checksum)
    {
        payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        checksum = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic && payloadLength is >= 4 and <= MaxPayloadBytes;
    }

    /// <summary>Whether <paramref name="payload"/> is what the header's <paramref name="checksum"/> was computed over.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> payload, uint checksum) => Crc32.HashToUInt32(payload) == checksum;

    /// <summary>The records of an intact payload.</summary>
    /// <exception cref="InvalidDataException">The payload does not decode (it passed its checksum, so it was written wrong).</exception>
    public static List<InferenceRecord> ReadRecords(ReadOnlySpan<byte> payload)
    {
        var reader = new Reader(payload);
        var count = reader.Int32();
        var records = new List<InferenceRecord>(Math.Min(count, 1 << 16));
        for (var i = 0; i < count; i++)
        {
            records.Add(reader.Record());
        }
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("an inference journal frame has bytes after its last record");
        }
        return records;
    }

    private static void WriteRecord(ArrayBufferWriter<byte> buffer, InferenceRecord record)
    {
        WriteString(buffer, record.PredictionId);
        WriteString(buffer, record.InferenceId);
        WriteString(buffer, record.RequestId);
        WriteString(buffer, record.ModelName);
        WriteString(buffer, record.ModelVersion);
        WriteInt32(buffer, record.Row);
        WriteString(buffer, record.InputsJson);
        WriteString(buffer, record.OutputsJson);
        WriteInt64(buffer, record.LatencyMicroseconds);
        WriteInt64(buffer, record.Time.UtcTicks);
        WriteInt32(buffer, (int)record.Time.Offset.TotalMinutes);
        WriteString(buffer, record.Deployment);
        WriteInt32(buffer, record.DeploymentRevision ?? -1);
        WriteString(buffer, record.DeploymentRole);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            WriteInt32(buffer, -1);
            return;
        }
        var span = buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        buffer.Advance(4 + length);
    }

    private ref struct Reader(ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _payload = payload;
        private int _at;

        public readonly bool AtEnd => _at == _payload.Length;

        public InferenceRecord Record()
        {
            var predictionId = String() ?? Fail<string>("prediction id");
            var inferenceId = String() ?? Fail<string>("inference id");
            var requestId = String();
            var modelName = String() ?? Fail<string>("model name");
            var modelVersion = String() ?? Fail<string>("model version");
            var row = Int32();
            var inputs = String() ?? Fail<string>("inputs");
            var outputs = String() ?? Fail<string>("outputs");
            var latency = Int64();
            var ticks = Int64();
            var offset = TimeSpan.FromMinutes(Int32());
            var time = new DateTimeOffset(ticks + offset.Ticks, offset);
            var deployment = String();
            var revision = Int32();
            var role = String();
            return new InferenceRecord(predictionId, inferenceId, requestId, modelName, modelVersion, row, inputs, outputs, latency, time)
            {
                Deployment = deployment,
                DeploymentRevision = revision < 0 ? null : revision,
                DeploymentRole = role,
            };
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        private long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        private string? String()
        {
            var length = Int32();
            return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _payload.Length - _at)
            {
                throw new InvalidDataException("an inference journal frame ends inside a record");
            }
            var span = _payload.Slice(_at, count);
            _at += count;
            return span;
        }

        private static T Fail<T>(string field) => throw new InvalidDataException($"an inference journal record has no {field}");
    }
}
