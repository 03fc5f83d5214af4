using System.Text;
using System.Text.Json;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Learning;
using Keel.Storage;

namespace Keel.Retraining;

/// <summary>
/// Labelled predictions from the inference log as a frame a model can be trained or evaluated on: each logged input
/// row (as the model received it; pii columns as their stored hashes) typed by a schema (the model's), with the
/// feedback label in its label column. The closed loop uses it to add recent labelled traffic to the
/// pipeline's data and to compare a candidate with the champion on the same recent holdout.
/// </summary>
public static class LabelledTraffic
{
    /// <summary>
    /// Reads the labelled predictions matching <paramref name="filter"/> (oldest first) into a frame with
    /// <paramref name="schema"/>'s columns; <paramref name="labelColumn"/> takes the feedback label. A value that does
    /// not fit its column's type (a label of the wrong kind, a column the log never saw) is missing.
    /// </summary>
    /// <returns>The frame, and how many values were missing because they did not fit.</returns>
    public static async Task<(Frame Frame, long Unfit)> ReadAsync(
        MetadataStore store, InferenceLogFilter filter, Schema schema, string labelColumn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.IndexOf(labelColumn) < 0)
        {
            throw new ArgumentException($"the schema has no label column '{labelColumn}'", nameof(labelColumn));
        }
        var rows = await LabelledRowsAsync(store, filter, cancellationToken).ConfigureAwait(false);
        return ToFrame(rows, schema, labelColumn);
    }

    // Logged rows as a frame of the schema's columns, the label in the label column; values that do not fit are missing (and counted).
    private static (Frame Frame, long Unfit) ToFrame(IReadOnlyList<LabelledPrediction> rows, Schema schema, string labelColumn)
    {
        var builders = schema.Columns.Select(c => ColumnBuilder.Create(c, rows.Count)).ToArray();
        long unfit = 0;
        foreach (var row in rows)
        {
            var label = row.Label!;
            using var json = JsonDocument.Parse(row.Record.InputsJson);
            for (var c = 0; c < builders.Length; c++)
            {
                var name = schema[c].Name;
                var text = name == labelColumn ? label
                    : json.RootElement.TryGetProperty(name, out var value) ? Text(value) : null;
                if (text is null)
                {
                    builders[c].AppendMissing();
                }
                else if (!builders[c].TryAppend(Encoding.UTF8.GetBytes(text)))
                {
                    builders[c].AppendMissing();
                    unfit++;
                }
            }
        }
        return (new Frame(schema, [.. builders.Select(b => b.Build(0))], rows.Count), unfit);
    }

    /// <summary>
    /// The holdout a retrain of <paramref name="policy"/>'s deployment judges on: the most recent
    /// <see cref="RetrainingData.Holdout"/> share of the labelled predictions of the last <see cref="RetrainingData.Window"/>
    /// (<see cref="HoldoutRows"/> of them), typed by <paramref name="champion"/>'s schema, with the time the oldest of
    /// them was predicted: the boundary the candidate's training rows stay before (<see cref="WriteTrainingRowsAsync"/>).
    /// </summary>
    public static async Task<LabelledHoldout> HoldoutAsync(MetadataStore store, RetrainingPolicy policy, Model champion, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(champion);
        if (champion.InputSchema.IndexOf(champion.Label.Column) < 0)
        {
            throw new ArgumentException($"the champion's schema has no label column '{champion.Label.Column}'", nameof(champion));
        }
        var rows = await LabelledRowsAsync(store, Window(policy, now), cancellationToken).ConfigureAwait(false);
        var take = HoldoutRows(rows.Count, policy.Data.Holdout);
        var holdout = rows.GetRange(rows.Count - take, take);
        return new LabelledHoldout(ToFrame(holdout, champion.InputSchema, champion.Label.Column).Frame, take == 0 ? null : holdout[0].Record.Time);
    }

    /// <summary>
    /// How many of <paramref name="labelled"/> labelled predictions (the newest) are the holdout: the
    /// <paramref name="share"/> of them, rounded up, so any labelled traffic leaves at least one row to judge on.
    /// </summary>
    public static int HoldoutRows(int labelled, double share) => (int)Math.Ceiling(labelled * share);

    /// <summary>
    /// Writes the labelled predictions a retrain of <paramref name="policy"/>'s deployment trains on to a CSV file: those
    /// of the last <see cref="RetrainingData.Window"/> before <paramref name="now"/>, oldest first, predicted before
    /// <paramref name="trainBefore"/> (the holdout's <see cref="LabelledHoldout.From"/>: holdout rows are never trained
    /// on) or, without it, all but the newest <see cref="HoldoutRows"/>. Columns: every
    /// logged input (as logged: pii columns as their hashes; JSON strings unquoted, numbers as written, null empty),
    /// <paramref name="labelColumn"/> with the feedback label and, when <paramref name="timeColumn"/> is given and the
    /// inputs lack it, that column with the prediction's time. Times are ISO 8601 UTC, as the log holds timestamp inputs.
    /// </summary>
    /// <returns>The rows written; with none, no file is written.</returns>
    public static async Task<int> WriteTrainingRowsAsync(
        MetadataStore store, RetrainingPolicy policy, DateTimeOffset now, DateTimeOffset? trainBefore, string labelColumn, string? timeColumn,
        string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rows = await LabelledRowsAsync(store, Window(policy, now), cancellationToken).ConfigureAwait(false);
        if (trainBefore is { } boundary)
        {
            rows.RemoveAll(r => r.Record.Time >= boundary);
        }
        else
        {
            var holdout = HoldoutRows(rows.Count, policy.Data.Holdout);
            rows.RemoveRange(rows.Count - holdout, holdout);
        }
        if (rows.Count == 0)
        {
            return 0;
        }
        // The inputs' names in order of first appearance (rows logged by different model versions may differ); the
        // rows are parsed again to write them rather than kept parsed, since a document holds pooled buffers.
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { labelColumn };
        foreach (var row in rows)
        {
            using var json = JsonDocument.Parse(row.Record.InputsJson);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (seen.Add(property.Name))
                {
                    columns.Add(property.Name);
                }
            }
        }
        var addTime = timeColumn is not null && !seen.Contains(timeColumn);
        var header = new List<string>(columns) { labelColumn };
        if (addTime)
        {
            header.Add(timeColumn!);
        }
        await using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        await w.WriteLineAsync(string.Join(',', header.Select(CsvText.Quote))).ConfigureAwait(false);
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            using (var json = JsonDocument.Parse(row.Record.InputsJson))
            {
                foreach (var column in columns)
                {
                    Cell(line, json.RootElement.TryGetProperty(column, out var value) ? Text(value) : null);
                }
            }
            Cell(line, row.Label);
            if (addTime)
            {
                Cell(line, StoreTime.Format(row.Record.Time));
            }
            line.Length--; // the last cell's separator
            await w.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
        return rows.Count;
    }

    // What a retrain reads: the deployment's labelled predictions since the window began.
    private static InferenceLogFilter Window(RetrainingPolicy policy, DateTimeOffset now) =>
        new() { Deployment = policy.Deployment, Since = now - policy.Data.Window, LabelledOnly = true };

    private static async Task<List<LabelledPrediction>> LabelledRowsAsync(MetadataStore store, InferenceLogFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new List<LabelledPrediction>();
        await using var reader = await InferenceLogReader.OpenAsync(store, filter with { LabelledOnly = true }, cancellationToken).ConfigureAwait(false);
        await foreach (var row in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }
        return rows;
    }

    private static void Cell(StringBuilder line, string? text) => line.Append(text is null ? "" : CsvText.Quote(text)).Append(',');

    // A logged JSON value as the text a CSV cell would hold (numbers as JSON wrote them, booleans as true/false).
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
