using System.Globalization;
using System.Text.Json;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// The columns of a flattened inference log export, one row per prediction: the fixed columns, each input as
/// <c>input.NAME</c> (the union over the exported rows, in first-seen order), the outputs as <c>prediction</c> and
/// <c>probability_CLASS</c> (likewise), then <c>label</c> and <c>label_received_at</c>. <see cref="Observe"/> every
/// row first, then ask for the <see cref="Header"/> and each row's <see cref="Cells"/>.
/// </summary>
internal sealed class ExportColumns
{
    /// <summary>The prefix that keeps input names apart from the other columns (an input may be called "prediction").</summary>
    public const string InputPrefix = "input.";

    /// <summary>The output column holding the class or the value (what <c>keel predict</c> calls it).</summary>
    public const string Prediction = "prediction";

    /// <summary>The columns every export starts with, in order.</summary>
    public static readonly string[] Fixed =
    [
        "prediction_id", "inference_id", "request_id", "time", "model_name", "model_version",
        "deployment", "deployment_revision", "deployment_role", "latency_ms",
    ];

    /// <summary>The columns every export ends with.</summary>
    public static readonly string[] Labels = ["label", "label_received_at"];

    private readonly Dictionary<string, int> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outputs = new(StringComparer.Ordinal) { [Prediction] = 0 };

    /// <summary>Adds the input and output names of <paramref name="row"/> not seen before.</summary>
    public void Observe(LabelledPrediction row)
    {
        using (var inputs = JsonDocument.Parse(row.Record.InputsJson))
        {
            foreach (var property in inputs.RootElement.EnumerateObject())
            {
                _inputs.TryAdd(property.Name, _inputs.Count);
            }
        }
        using var outputs = JsonDocument.Parse(row.Record.OutputsJson);
        if (outputs.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in outputs.RootElement.EnumerateObject())
            {
                _outputs.TryAdd(property.Name, _outputs.Count);
            }
        }
    }

    /// <summary>The column names, in order.</summary>
    public string[] Header()
    {
        var header = new string[Width];
        Fixed.CopyTo(header, 0);
        foreach (var (name, i) in _inputs)
        {
            header[Fixed.Length + i] = InputPrefix + name;
        }
        foreach (var (name, i) in _outputs)
        {
            header[Fixed.Length + _inputs.Count + i] = name;
        }
        Labels.CopyTo(header, Fixed.Length + _inputs.Count + _outputs.Count);
        return header;
    }

    /// <summary>The number of columns.</summary>
    public int Width => Fixed.Length + _inputs.Count + _outputs.Count + Labels.Length;

    /// <summary>
    /// Fills <paramref name="cells"/> (<see cref="Width"/> long) with <paramref name="row"/>'s values as text: JSON
    /// numbers as written, booleans as true/false, null and absent values as null. Names not seen by
    /// <see cref="Observe"/> are dropped.
    /// </summary>
    public void Cells(LabelledPrediction row, string?[] cells)
    {
        Array.Clear(cells);
        var record = row.Record;
        FixedValues(record, cells);
        using (var inputs = JsonDocument.Parse(record.InputsJson))
        {
            foreach (var property in inputs.RootElement.EnumerateObject())
            {
                if (_inputs.TryGetValue(property.Name, out var i))
                {
                    cells[Fixed.Length + i] = Text(property.Value);
                }
            }
        }
        var outputsAt = Fixed.Length + _inputs.Count;
        using (var outputs = JsonDocument.Parse(record.OutputsJson))
        {
            if (outputs.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in outputs.RootElement.EnumerateObject())
                {
                    if (_outputs.TryGetValue(property.Name, out var i))
                    {
                        cells[outputsAt + i] = Text(property.Value);
                    }
                }
            }
            else
            {
                // A regression's output is the value itself.
                cells[outputsAt] = Text(outputs.RootElement);
            }
        }
        var labelsAt = outputsAt + _outputs.Count;
        cells[labelsAt] = row.Label;
        cells[labelsAt + 1] = row.LabelReceivedAt is { } received ? Time(received) : null;
    }

    /// <summary>Writes the values of the <see cref="Fixed"/> columns (as text) to the start of <paramref name="cells"/>.</summary>
    public static void FixedValues(InferenceRecord record, string?[] cells)
    {
        cells[0] = record.PredictionId;
        cells[1] = record.InferenceId;
        cells[2] = record.RequestId;
        cells[3] = Time(record.Time);
        cells[4] = record.ModelName;
        cells[5] = record.ModelVersion;
        cells[6] = record.Deployment;
        cells[7] = record.DeploymentRevision?.ToString(CultureInfo.InvariantCulture);
        cells[8] = record.DeploymentRole;
        cells[9] = LatencyMilliseconds(record).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The request's latency in milliseconds (the log keeps microseconds).</summary>
    public static double LatencyMilliseconds(InferenceRecord record) => record.LatencyMicroseconds / 1000.0;

    /// <summary>A time as ISO-8601 UTC with 100 ns precision, as the store keeps it.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
