using System.Text.Json;

namespace Keel.Learning;

/// <summary>How a model's validation rows were held out of its training data.</summary>
/// <param name="Fraction">The share of the labelled rows held out, in (0, 1).</param>
/// <param name="Split">random, stratified or time.</param>
/// <param name="Rows">Rows held out (⌈fraction · labelled rows⌉; a time split may move the cut to keep equal times on one side).</param>
/// <param name="Seed">The seed of the random and stratified draws.</param>
/// <param name="TimeColumn">The column that ordered a time split; null otherwise.</param>
public sealed record HoldoutLineage(double Fraction, string Split, int Rows, int Seed, string? TimeColumn)
{
    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("fraction", Fraction);
        w.WriteString("split", Split);
        w.WriteNumber("rows", Rows);
        w.WriteNumber("seed", Seed);
        if (TimeColumn is not null)
        {
            w.WriteString("time_column", TimeColumn);
        }
        w.WriteEndObject();
    }

    internal static HoldoutLineage Read(JsonElement json) => new(
        json.GetProperty("fraction").GetDouble(),
        json.GetProperty("split").GetString()!,
        json.GetProperty("rows").GetInt32(),
        json.GetProperty("seed").GetInt32(),
        json.TryGetProperty("time_column", out var t) ? t.GetString() : null);
}
