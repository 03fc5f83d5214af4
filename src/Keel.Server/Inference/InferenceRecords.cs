using System.Runtime.CompilerServices;
using System.Text.Json;
using Keel.Data;
using Keel.Storage;

namespace Keel.Server.Inference;

/// <summary>
/// Turns a scored request into inference log records, encoded straight into the journal's form: per row, the inputs as
/// the model received them (after type conversion) with every column the schema flags pii replaced by its
/// <see cref="PiiMask"/> hash, and the outputs.
/// </summary>
internal static class InferenceRecords
{
    // The input columns per schema, encoded once (a binder's frames share one schema when every column is sent) instead
    // of for every row; the log stores each row's values without the names.
    private static readonly ConditionalWeakTable<Schema, InferenceInputColumns> Columns = new();

    public static InferenceRecordBatch Build(ScoredBatch batch, Frame frame, string? requestId, PiiMask mask, TimeSpan latency, DateTimeOffset time, DeploymentTag? tag)
    {
        var request = new InferenceRequest(batch.InferenceId, requestId, batch.Model.Name, batch.Model.Version, (long)(latency.Ticks / 10.0), time)
        {
            Deployment = tag?.Deployment,
            DeploymentRevision = tag?.Revision,
            DeploymentRole = tag?.Role,
        };
        var columns = Columns.GetValue(frame.Schema, static schema => new InferenceInputColumns([.. schema.Columns.Select(c => c.Name)]));
        var records = new InferenceRecordBatch();
        try
        {
            for (var r = 0; r < frame.RowCount; r++)
            {
                records.Add(request, r, columns, (batch, frame, r, mask),
                    static (w, s) => WriteInputs(w, s.frame, s.r, s.mask), static (w, s) => PredictionJson.WriteRow(w, s.batch.Predictions, s.r));
            }
            return records;
        }
        catch
        {
            records.Dispose();
            throw;
        }
    }

    // The row's values as a JSON array, in the order of its schema's columns.
    private static void WriteInputs(Utf8JsonWriter w, Frame frame, int row, PiiMask mask)
    {
        w.WriteStartArray();
        for (var c = 0; c < frame.Columns.Count; c++)
        {
            var schema = frame.Schema[c];
            var column = frame.Columns[c];
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
        w.WriteEndArray();
    }
}
