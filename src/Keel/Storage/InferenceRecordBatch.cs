using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Keel.Storage;

/// <summary>
/// The records of one request, encoded as the inference journal stores them (see <see cref="InferenceJournalFrame"/>),
/// in a pooled buffer: a server builds the rows' JSON straight into it, with no string or record object per row.
/// <see cref="InferenceLog.AppendAsync(InferenceRecordBatch, CancellationToken)"/> takes it over. Not thread-safe.
/// </summary>
public sealed class InferenceRecordBatch : IDisposable
{
    // One JSON writer per thread, reset onto whichever batch that thread encodes (Add runs synchronously).
    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    private readonly PooledWriter _buffer = new();

    /// <summary>Number of records added.</summary>
    public int Count { get; private set; }

    /// <summary>The encoded records, back to back.</summary>
    internal ReadOnlySpan<byte> Encoded => _buffer.WrittenSpan;

    /// <summary>The prediction id of row <paramref name="row"/> of request <paramref name="inferenceId"/>: <c>{inferenceId}:{row}</c>.</summary>
    public static string PredictionId(string inferenceId, int row) =>
        string.Concat(inferenceId, ":", row.ToString(CultureInfo.InvariantCulture));

    /// <summary>A batch holding <paramref name="records"/>.</summary>
    public static InferenceRecordBatch Of(IReadOnlyList<InferenceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batch = new InferenceRecordBatch();
        foreach (var record in records)
        {
            batch.Add(record);
        }
        return batch;
    }

    /// <summary>Adds <paramref name="record"/> (its JSON fields are stored as given).</summary>
    public void Add(InferenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.InputsJson.Contains('\0', StringComparison.Ordinal))
        {
            // JSON text never holds a raw zero; in the journal it would read as the end of a column list.
            throw new ArgumentException($"the inputs of prediction {record.PredictionId} are not JSON text: they hold a zero character", nameof(record));
        }
        var request = new InferenceRequest(record.InferenceId, record.RequestId, record.ModelName, record.ModelVersion, record.LatencyMicroseconds, record.Time)
        {
            Deployment = record.Deployment,
            DeploymentRevision = record.DeploymentRevision,
            DeploymentRole = record.DeploymentRole,
        };
        Encode(record.PredictionId, -1, request, record.Row, null, record,
            static (w, r) => w.WriteRawValue(r.InputsJson, skipInputValidation: true),
            static (w, r) => w.WriteRawValue(r.OutputsJson, skipInputValidation: true));
    }

    /// <summary>
    /// Adds row <paramref name="row"/> of <paramref name="request"/>, prediction id <c>{InferenceId}:{row}</c>, its inputs
    /// and outputs written as JSON by <paramref name="writeInputs"/> and <paramref name="writeOutputs"/> (one value each).
    /// </summary>
    public void Add<TState>(InferenceRequest request, int row, TState state, Action<Utf8JsonWriter, TState> writeInputs, Action<Utf8JsonWriter, TState> writeOutputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writeInputs);
        ArgumentNullException.ThrowIfNull(writeOutputs);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        Encode(request.InferenceId, row, request, row, null, state, writeInputs, writeOutputs);
    }

    /// <summary>
    /// Adds row <paramref name="row"/> of <paramref name="request"/> as the overload without <paramref name="columns"/>
    /// does, but with the inputs written by <paramref name="writeValues"/> as a JSON array holding one value per column
    /// of <paramref name="columns"/>, in their order: the log stores the values without the names, and reads them back
    /// as a JSON object.
    /// </summary>
    public void Add<TState>(InferenceRequest request, int row, InferenceInputColumns columns, TState state,
        Action<Utf8JsonWriter, TState> writeValues, Action<Utf8JsonWriter, TState> writeOutputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(writeValues);
        ArgumentNullException.ThrowIfNull(writeOutputs);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        Encode(request.InferenceId, row, request, row, columns, state, writeValues, writeOutputs);
    }

    /// <summary>Returns the buffer to the pool; the batch is not used afterwards.</summary>
    public void Dispose() => _buffer.Dispose();

    // The one place the journal's record layout is written (PayloadReader reads it): the prediction id (with ":{suffix}"
    // when suffix >= 0), the request's fields, the row, the inputs (with columns, their names' JSON array, a zero byte
    // and the values' JSON array) and outputs, then the deployment's fields.
    private void Encode<TState>(string predictionId, int suffix, InferenceRequest request, int row, InferenceInputColumns? columns, TState state,
        Action<Utf8JsonWriter, TState> writeInputs, Action<Utf8JsonWriter, TState> writeOutputs)
    {
        var start = _buffer.WrittenCount;
        try
        {
            WritePredictionId(predictionId, suffix);
            WriteString(request.InferenceId);
            WriteString(request.RequestId);
            WriteString(request.ModelName);
            WriteString(request.ModelVersion);
            WriteInt32(row);
            WriteJson(columns, state, writeInputs);
            WriteJson(null, state, writeOutputs);
            WriteInt64(request.LatencyMicroseconds);
            WriteInt64(request.Time.UtcTicks);
            WriteString(request.Deployment);
            WriteInt32(request.DeploymentRevision ?? -1);
            WriteString(request.DeploymentRole);
        }
        catch
        {
            _buffer.Truncate(start); // a record is added whole or not at all
            throw;
        }
        Count++;
    }

    private void WritePredictionId(string prefix, int suffix)
    {
        if (suffix < 0)
        {
            WriteString(prefix);
            return;
        }
        var span = _buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(prefix.Length) + 12);
        var length = Encoding.UTF8.GetBytes(prefix, span[4..]);
        span[4 + length++] = (byte)':';
        suffix.TryFormat(span[(4 + length)..], out var digits, default, CultureInfo.InvariantCulture);
        length += digits;
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        _buffer.Advance(4 + length);
    }

    // A JSON field; with columns, prefixed by their names and a zero byte (which JSON text never holds), and the value
    // must be an array.
    private void WriteJson<TState>(InferenceInputColumns? columns, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var at = _buffer.WrittenCount;
        WriteInt32(0);
        if (columns is not null)
        {
            var names = columns.Utf8Json;
            var span = _buffer.GetSpan(names.Length + 1);
            names.CopyTo(span);
            span[names.Length] = InferenceJournalFrame.ColumnsEnd;
            _buffer.Advance(names.Length + 1);
        }
        var valueAt = _buffer.WrittenCount;
        var w = t_json ??= new Utf8JsonWriter(_buffer);
        w.Reset(_buffer);
        write(w, state);
        w.Flush();
        if (_buffer.WrittenCount == valueAt)
        {
            throw new InvalidOperationException("an inference record's inputs and outputs must each be a JSON value");
        }
        if (columns is not null && _buffer.WrittenSpanFrom(valueAt)[0] != (byte)'[')
        {
            throw new InvalidOperationException("an inference record's inputs logged with their columns must be a JSON array of values");
        }
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.WrittenSpanFrom(at), _buffer.WrittenCount - at - 4);
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    private void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        var span = _buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        _buffer.Advance(4 + length);
    }

    // A growable buffer rented from the shared pool.
    private sealed class PooledWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(2048);

        public int WrittenCount { get; private set; }

        public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

        public Span<byte> WrittenSpanFrom(int start) => _array.AsSpan(start, WrittenCount - start);

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - WrittenCount);
            WrittenCount += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint); // before reading _array: it may be replaced by a larger one
            return _array.AsMemory(WrittenCount);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsSpan(WrittenCount);
        }

        public void Truncate(int count) => WrittenCount = count;

        public void Dispose()
        {
            var array = _array;
            _array = [];
            WrittenCount = 0;
            if (array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }

        private void Reserve(int sizeHint)
        {
            ObjectDisposedException.ThrowIf(_array.Length == 0, this);
            var needed = WrittenCount + Math.Max(sizeHint, 1);
            if (needed > _array.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
                WrittenSpan.CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_array);
                _array = larger;
            }
        }
    }
}

/// <summary>The fields every record of one scored request shares.</summary>
/// <param name="InferenceId">The server's id of the request.</param>
/// <param name="RequestId">The id the client gave the request, if any.</param>
/// <param name="ModelName">The name the model is served under.</param>
/// <param name="ModelVersion">The model's version.</param>
/// <param name="LatencyMicroseconds">Time from request received to prediction made.</param>
/// <param name="Time">When the request was scored.</param>
public sealed record InferenceRequest(string InferenceId, string? RequestId, string ModelName, string ModelVersion, long LatencyMicroseconds, DateTimeOffset Time)
{
    /// <summary>The deployment that routed the request, or null.</summary>
    public string? Deployment { get; init; }

    /// <summary>The deployment's revision, or null.</summary>
    public int? DeploymentRevision { get; init; }

    /// <summary><c>primary</c>, <c>candidate</c> or <c>shadow</c>; null without a deployment.</summary>
    public string? DeploymentRole { get; init; }
}
