using System.Runtime.CompilerServices;
using System.Text.Json;
using Keel.Learning;

namespace Keel.Server.Inference;

/// <summary>
/// One row's prediction as JSON, shared by the MLflow answer and the inference log: for a classifier an object
/// <c>{"prediction": "yes", "probability_no": 0.2, "probability_yes": 0.8}</c> (the columns of <c>keel predict</c>),
/// for a regression the value itself.
/// </summary>
internal static class PredictionJson
{
    /// <summary>The name of the output that holds the label or the value.</summary>
    public const string Prediction = "prediction";

    /// <summary>The prefix of the per-class probability outputs.</summary>
    public const string ProbabilityPrefix = "probability_";

    // The probability outputs' names per class list (a model's classes are one list, shared by all its predictions),
    // encoded once instead of concatenated for every row.
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, JsonEncodedText[]> ProbabilityNames = new();

    public static void WriteRow(Utf8JsonWriter w, Predictions p, int row)
    {
        if (p.Values is { } values)
        {
            WriteNumber(w, values[row]);
            return;
        }
        w.WriteStartObject();
        w.WriteString(Prediction, p.Classes[p.ClassCodes![row]]);
        var k = p.Classes.Count;
        var names = ProbabilityNames.GetValue(p.Classes, static classes => [.. classes.Select(c => JsonEncodedText.Encode(ProbabilityPrefix + c))]);
        for (var c = 0; c < k; c++)
        {
            w.WritePropertyName(names[c]);
            WriteNumber(w, p.Probabilities![(row * k) + c]);
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes a number as <see cref="Utf8JsonWriter.WriteNumberValue(double)"/> does (short decimals through
    /// <see cref="ShortDecimal"/>, a few times faster), or null for NaN and infinities (JSON has no such numbers).
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter w, double value)
    {
        if (!double.IsFinite(value))
        {
            w.WriteNullValue();
            return;
        }
        Span<byte> text = stackalloc byte[ShortDecimal.MaxLength];
        if (ShortDecimal.TryFormat(value, text, out var length))
        {
            w.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            w.WriteNumberValue(value);
        }
    }
}
