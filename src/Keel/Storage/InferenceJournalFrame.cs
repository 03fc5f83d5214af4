using System.Buffers.Binary;
using System.IO.Hashing;

namespace Keel.Storage;

/// <summary>
/// The on-disk form of one batch of inference records in an <see cref="InferenceJournal"/> segment: a 12-byte header
/// (magic <c>KIJ1</c>, payload length, CRC-32 of the payload, all little-endian) followed by the payload (record count,
/// then each record's fields as <see cref="InferenceRecordBatch"/> encodes them; strings as a byte length, -1 for null,
/// and UTF-8 bytes). A frame is valid only whole and with a matching checksum, so a write cut short by a crash is
/// recognised and ignored. A record's inputs are a JSON object, or (logged with <see cref="InferenceInputColumns"/>) the
/// columns' names as a JSON array, a <see cref="ColumnsEnd"/> byte and the values as a JSON array; JSON text never holds
/// that byte, so frames written before the second form existed read as they did.
/// </summary>
internal static class InferenceJournalFrame
{
    public const int HeaderBytes = 12;

    /// <summary>Ends the column names in a record's inputs field (a zero byte: JSON escapes every control character).</summary>
    public const byte ColumnsEnd = 0;

    /// <summary>Largest payload a reader accepts; a header claiming more is damage, not a frame.</summary>
    public const int MaxPayloadBytes = 256 * 1024 * 1024;

    private const uint Magic = 0x314A_494B; // "KIJ1" read as little-endian bytes

    /// <summary>The bytes of the frame holding <paramref name="batches"/>' records, header included.</summary>
    public static int Size(IReadOnlyList<InferenceRecordBatch> batches)
    {
        var size = HeaderBytes + 4L;
        for (var b = 0; b < batches.Count; b++)
        {
            size += batches[b].Encoded.Length;
        }
        return size <= HeaderBytes + MaxPayloadBytes ? (int)size : throw new ArgumentException($"{size} bytes of records are more than one frame holds");
    }

    /// <summary>Writes the frame holding <paramref name="batches"/>' records, in order, to the start of <paramref name="destination"/> (<see cref="Size"/> bytes).</summary>
    public static void Write(Span<byte> destination, IReadOnlyList<InferenceRecordBatch> batches)
    {
        var payload = destination[HeaderBytes..];
        var at = 4;
        var count = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var encoded = batches[b].Encoded;
            encoded.CopyTo(payload[at..]);
            at += encoded.Length;
            count += batches[b].Count;
        }
        payload = payload[..at];
        BinaryPrimitives.WriteInt32LittleEndian(payload, count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Crc32.HashToUInt32(payload));
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

    /// <summary>Checks that an intact payload decodes: its record count, every record's fields, nothing after the last.</summary>
    /// <exception cref="InvalidDataException">It does not (it passed its checksum, so it was written wrong).</exception>
    public static void Validate(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        while (reader.TryRead(out _))
        {
        }
    }

    /// <summary>The number of records in a payload.</summary>
    public static int RecordCount(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt32LittleEndian(payload);

    /// <summary>Walks a payload's records field by field, the strings as their UTF-8 bytes, without allocating.</summary>
    public ref struct PayloadReader
    {
        private readonly ReadOnlySpan<byte> _payload;
        private int _at;
        private int _left;

        public PayloadReader(ReadOnlySpan<byte> payload)
        {
            _payload = payload;
            _left = Int32();
            if (_left < 0)
            {
                throw new InvalidDataException("an inference journal frame has a negative record count");
            }
        }

        /// <summary>The next record, or false after the last (which must end the payload).</summary>
        /// <exception cref="InvalidDataException">The payload does not decode.</exception>
        public bool TryRead(out RawInferenceRecord record)
        {
            if (_left == 0)
            {
                if (_at != _payload.Length)
                {
                    throw new InvalidDataException("an inference journal frame has bytes after its last record");
                }
                record = default;
                return false;
            }
            _left--;
            var predictionId = Required("prediction id");
            var inferenceId = Required("inference id");
            var requestId = Optional();
            var modelName = Required("model name");
            var modelVersion = Required("model version");
            var row = Int32();
            var inputs = Required("inputs");
            var columnsEnd = inputs.IndexOf(ColumnsEnd);
            record = new RawInferenceRecord
            {
                PredictionId = predictionId,
                InferenceId = inferenceId,
                RequestId = requestId,
                ModelName = modelName,
                ModelVersion = modelVersion,
                Row = row,
                InputColumns = columnsEnd < 0 ? default : new Utf8Field(inputs[..columnsEnd], true),
                InputsJson = columnsEnd < 0 ? inputs : inputs[(columnsEnd + 1)..],
                OutputsJson = Required("outputs"),
                LatencyMicroseconds = Int64(),
                UtcTicks = Int64(),
                Deployment = Optional(),
                DeploymentRevision = Int32(),
                DeploymentRole = Optional(),
            };
            return true;
        }

        private int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        private long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        private Utf8Field Optional()
        {
            var length = Int32();
            return length < 0 ? default : new Utf8Field(Take(length), true);
        }

        private ReadOnlySpan<byte> Required(string field)
        {
            var value = Optional();
            return value.HasValue ? value.Bytes : throw new InvalidDataException($"an inference journal record has no {field}");
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
    }
}

/// <summary>A string field of a journalled record as its UTF-8 bytes; <see cref="HasValue"/> is false for null.</summary>
internal readonly ref struct Utf8Field(ReadOnlySpan<byte> bytes, bool hasValue)
{
    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    public bool HasValue { get; } = hasValue;
}

/// <summary>One <see cref="InferenceRecord"/> as a journal frame holds it; the spans point into the frame.</summary>
internal readonly ref struct RawInferenceRecord
{
    public ReadOnlySpan<byte> PredictionId { get; init; }

    public ReadOnlySpan<byte> InferenceId { get; init; }

    public Utf8Field RequestId { get; init; }

    public ReadOnlySpan<byte> ModelName { get; init; }

    public ReadOnlySpan<byte> ModelVersion { get; init; }

    public int Row { get; init; }

    /// <summary>The input columns' names as a JSON array when <see cref="InputsJson"/> is an array of their values; none when it is an object.</summary>
    public Utf8Field InputColumns { get; init; }

    public ReadOnlySpan<byte> InputsJson { get; init; }

    public ReadOnlySpan<byte> OutputsJson { get; init; }

    public long LatencyMicroseconds { get; init; }

    public long UtcTicks { get; init; }

    public Utf8Field Deployment { get; init; }

    /// <summary>The revision, or -1 for none.</summary>
    public int DeploymentRevision { get; init; }

    public Utf8Field DeploymentRole { get; init; }
}
