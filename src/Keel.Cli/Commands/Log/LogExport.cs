using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Keel.Data;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// Writes an inference log snapshot as CSV or JSON Lines, one row per prediction, with the columns of
/// <see cref="ExportColumns"/>. Values are exported as stored: pii inputs stay the hashes the log holds.
/// </summary>
internal static class LogExport
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// CSV with a header. The header needs every input and output name before the first row, so the snapshot is read
    /// twice: a first pass collects the names (memory grows with the number of distinct names, not rows), the second
    /// writes the rows. Both passes see the same rows (<see cref="InferenceLogReader"/> is one snapshot).
    /// </summary>
    public static async Task<ExportSummary> WriteCsvAsync(InferenceLogReader log, TextWriter w, CancellationToken ct)
    {
        var columns = new ExportColumns();
        await foreach (var row in log.ReadAsync(ct))
        {
            columns.Observe(row);
        }
        var header = columns.Header();
        WriteLine(w, header);
        var cells = new string?[columns.Width];
        long rows = 0, labelled = 0;
        await foreach (var row in log.ReadAsync(ct))
        {
            columns.Cells(row, cells);
            WriteLine(w, cells);
            rows++;
            labelled += row.Label is null ? 0 : 1;
        }
        return new ExportSummary(rows, labelled, header);
    }

    /// <summary>
    /// JSON Lines in one pass: one object per prediction with the fixed columns (null when absent), the row's own
    /// inputs and outputs with their JSON types, then <c>label</c> and <c>label_received_at</c> (null when unlabelled).
    /// </summary>
    public static async Task<ExportSummary> WriteJsonlAsync(InferenceLogReader log, TextWriter w, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        var chars = new char[1024];
        var columns = new List<string>(ExportColumns.Fixed);
        var seen = new HashSet<string>(columns, StringComparer.Ordinal);
        long rows = 0, labelled = 0;
        await foreach (var row in log.ReadAsync(ct))
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            WriteObject(json, row, columns, seen);
            json.Flush();
            var length = Encoding.UTF8.GetMaxCharCount(buffer.WrittenCount);
            if (chars.Length < length)
            {
                chars = new char[Math.Max(length, chars.Length * 2)];
            }
            var count = Encoding.UTF8.GetChars(buffer.WrittenSpan, chars);
            w.Write(chars, 0, count);
            w.Write('\n');
            rows++;
            labelled += row.Label is null ? 0 : 1;
        }
        foreach (var label in ExportColumns.Labels)
        {
            columns.Add(label);
        }
        return new ExportSummary(rows, labelled, [.. columns]);
    }

    private static void WriteObject(Utf8JsonWriter json, LabelledPrediction row, List<string> columns, HashSet<string> seen)
    {
        var record = row.Record;
        // The fixed columns of ExportColumns.Fixed, in its order, with their JSON types.
        json.WriteStartObject();
        json.WriteString("prediction_id", record.PredictionId);
        json.WriteString("inference_id", record.InferenceId);
        WriteTextOrNull(json, "request_id", record.RequestId);
        json.WriteString("time", ExportColumns.Time(record.Time));
        json.WriteString("model_name", record.ModelName);
        json.WriteString("model_version", record.ModelVersion);
        WriteTextOrNull(json, "deployment", record.Deployment);
        if (record.DeploymentRevision is { } revision)
        {
            json.WriteNumber("deployment_revision", revision);
        }
        else
        {
            json.WriteNull("deployment_revision");
        }
        WriteTextOrNull(json, "deployment_role", record.DeploymentRole);
        json.WriteNumber("latency_ms", ExportColumns.LatencyMilliseconds(record));
        using (var inputs = JsonDocument.Parse(record.InputsJson))
        {
            foreach (var property in inputs.RootElement.EnumerateObject())
            {
                var name = ExportColumns.InputPrefix + property.Name;
                Track(name, columns, seen);
                json.WritePropertyName(name);
                property.Value.WriteTo(json);
            }
        }
        using (var outputs = JsonDocument.Parse(record.OutputsJson))
        {
            if (outputs.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in outputs.RootElement.EnumerateObject())
                {
                    Track(property.Name, columns, seen);
                    property.WriteTo(json);
                }
            }
            else
            {
                Track(ExportColumns.Prediction, columns, seen);
                json.WritePropertyName(ExportColumns.Prediction);
                outputs.RootElement.WriteTo(json);
            }
        }
        WriteTextOrNull(json, "label", row.Label);
        WriteTextOrNull(json, "label_received_at", row.LabelReceivedAt is { } received ? ExportColumns.Time(received) : null);
        json.WriteEndObject();
    }

    private static void WriteTextOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void Track(string name, List<string> columns, HashSet<string> seen)
    {
        if (seen.Add(name))
        {
            columns.Add(name);
        }
    }

    private static void WriteLine(TextWriter w, string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                w.Write(',');
            }
            if (cells[i] is { } cell)
            {
                w.Write(CsvText.Quote(cell));
            }
        }
        w.Write('\n');
    }
}
