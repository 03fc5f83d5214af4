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
        var rows = new List<(string Inputs, string Label)>();
        await using (var reader = await InferenceLogReader.OpenAsync(store, filter with { LabelledOnly = true }, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var row in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((row.Record.InputsJson, row.Label!));
            }
        }
        var builders = schema.Columns.Select(c => ColumnBuilder.Create(c, rows.Count)).ToArray();
        long unfit = 0;
        foreach (var (inputs, label) in rows)
        {
            using var json = JsonDocument.Parse(inputs);
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
    /// <see cref="RetrainingData.Holdout"/> share of the labelled predictions of the last <see cref="RetrainingData.Window"/>,
    /// typed by <paramref name="champion"/>'s schema.
    /// </summary>
    public static async Task<Frame> HoldoutAsync(MetadataStore store, RetrainingPolicy policy, Model champion, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(champion);
        var filter = new InferenceLogFilter { Deployment = policy.Deployment, Since = now - policy.Data.Window };
        var (frame, _) = await ReadAsync(store, filter, champion.InputSchema, champion.Label.Column, cancellationToken).ConfigureAwait(false);
        var take = (int)Math.Ceiling(frame.RowCount * policy.Data.Holdout);
        return take == frame.RowCount ? frame : FrameRows.Select(frame, [.. Enumerable.Range(frame.RowCount - take, take)]);
    }

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
