using System.Buffers;
using System.Text;
using System.Text.Json;
using Keel.Data;
using Keel.Storage;

namespace Keel.Server.Inference;

/// <summary>
/// Turns a scored request into inference log records: per row, the inputs as the model received them (after type
/// conversion) with every column the schema flags pii replaced by its <see cref="PiiMask"/> hash, and the outputs.
/// </summary>
internal static class InferenceRecords
{
    // One buffer and writer per thread, reused by every request it builds records for (Build runs synchronously):
    // allocating and zeroing them per request was a measurable share of the serving CPU.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_json;

    public static InferenceRecord[] Build(ScoredBatch batch, Frame frame, string? requestId, PiiMask mask, TimeSpan latency, DateTimeOffset time, DeploymentTag? tag)
    {
        var records = new InferenceRecord[frame.RowCount];
        t_json ??= NewWriter();
        var (buffer, w) = t_json.Value;
        var latencyUs = (long)(latency.Ticks / 10.0);
        for (var r = 0; r < records.Length; r++)
        {
            var inputs = Json(buffer, w, (frame, r, mask), static (w, s) => WriteInputs(w, s.frame, s.r, s.mask));
            var outputs = Json(buffer, w, (batch, r), static (w, s) => PredictionJson.WriteRow(w, s.batch.Predictions, s.r));
            records[r] = new InferenceRecord(batch.PredictionId(r), batch.InferenceId, requestId, batch.Model.Name, batch.Model.Version,
                r, inputs, outputs, latencyUs, time)
            {
                Deployment = tag?.Deployment,
                DeploymentRevision = tag?.Revision,
                DeploymentRole = tag?.Role,
            };
        }
        return records;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        return (buffer, new Utf8JsonWriter(buffer));
    }

    private static string Json<TState>(ArrayBufferWriter<byte> buffer, Utf8JsonWriter w, TState state, Action<Utf8JsonWriter, TState> write)
    {
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        write(w, state);
        w.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteInputs(Utf8JsonWriter w, Frame frame, int row, PiiMask mask)
    {
        w.WriteStartObject();
        for (var c = 0; c < frame.Columns.Count; c++)
        {
            var schema = frame.Schema[c];
            var column = frame.Columns[c];
            w.WritePropertyName(schema.Name);
            if (column.IsMissing(row))
            {
                w.WriteNullValue();
            }
            else if (schema.Pii)
            {
                w.WriteStringValue(mask.Mask(column.Format(row)!));
            }
            else
            {
                switch (column)
                {
                    case NumericColumn n:
                        PredictionJson.WriteNumber(w, n.Values[row]);
                        break;
                    case BooleanColumn b:
                        w.WriteBooleanValue(b.Values[row] == 1);
                        break;
                    default:
                        w.WriteStringValue(column.Format(row));
                        break;
                }
            }
        }
        w.WriteEndObject();
    }
}
