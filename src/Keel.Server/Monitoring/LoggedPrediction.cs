using System.Globalization;
using System.Text.Json;
using Keel.Server.Inference;

namespace Keel.Server.Monitoring;

/// <summary>A prediction read back from the inference log's outputs JSON (see <see cref="PredictionJson"/>).</summary>
/// <param name="Class">The predicted class index (classifiers).</param>
/// <param name="Probabilities">The class probabilities in the model's class order (classifiers).</param>
/// <param name="Value">The predicted value (regressions).</param>
internal sealed record LoggedPrediction(int Class, double[] Probabilities, double Value)
{
    /// <summary>Parses <paramref name="outputsJson"/> for a model with <paramref name="classes"/> (empty for a regression); null when it does not fit.</summary>
    public static LoggedPrediction? Parse(string outputsJson, IReadOnlyList<string> classes)
    {
        using var document = JsonDocument.Parse(outputsJson);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Number)
        {
            return new LoggedPrediction(-1, [], root.GetDouble());
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(PredictionJson.Prediction, out var predicted)
            || predicted.GetString() is not { } name || ClassIndex(name, classes) is not { } index)
        {
            return null;
        }
        var probabilities = new double[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            if (!root.TryGetProperty(PredictionJson.ProbabilityPrefix + classes[c], out var p) || p.ValueKind != JsonValueKind.Number)
            {
                return null;
            }
            probabilities[c] = p.GetDouble();
        }
        return new LoggedPrediction(index, probabilities, double.NaN);
    }

    /// <summary>
    /// The index of the class <paramref name="label"/> names: the same text, or — since labels arrive as JSON numbers or
    /// booleans stored as text — the same number ("1" and "1.0") or the same boolean ("true" and "True"); null when none.
    /// </summary>
    public static int? ClassIndex(string label, IReadOnlyList<string> classes)
    {
        for (var c = 0; c < classes.Count; c++)
        {
            if (string.Equals(classes[c], label, StringComparison.Ordinal))
            {
                return c;
            }
        }
        for (var c = 0; c < classes.Count; c++)
        {
            if ((double.TryParse(classes[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                    && double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b)
                || (bool.TryParse(classes[c], out var x) && bool.TryParse(label, out var y) && x == y))
            {
                return c;
            }
        }
        return null;
    }
}
