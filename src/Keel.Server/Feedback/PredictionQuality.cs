using System.Globalization;
using System.Text.Json;
using Keel.Server.Inference;
using Keel.Server.Monitoring;

namespace Keel.Server.Feedback;

/// <summary>
/// Scores one logged prediction against its true label, as the quality metric deployments gate on and A/B tests
/// compare: for a classifier 1 when the predicted class equals the label and 0 when not (so the mean is the accuracy);
/// for a regression the negated absolute error (so larger is better everywhere, and the mean is −MAE).
/// </summary>
internal static class PredictionQuality
{
    /// <summary>The score, or null when the label cannot be compared with the prediction (e.g. text for a regression).</summary>
    public static double? Score(string outputsJson, string label)
    {
        using var outputs = JsonDocument.Parse(outputsJson);
        var root = outputs.RootElement;
        switch (root.ValueKind)
        {
            case JsonValueKind.Number:
                return double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) && double.IsFinite(target)
                    ? -Math.Abs(root.GetDouble() - target)
                    : null;
            case JsonValueKind.Object when root.TryGetProperty(PredictionJson.Prediction, out var predicted) && predicted.GetString() is { } predictedClass:
                return SameClass(predictedClass, label) ? 1 : 0;
            default:
                return null;
        }
    }

    private static bool SameClass(string predicted, string label) => LoggedPrediction.ClassIndex(label, [predicted]) == 0;
}
