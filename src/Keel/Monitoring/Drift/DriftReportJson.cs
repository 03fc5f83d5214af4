using System.Text.Json.Nodes;

namespace Keel.Monitoring.Drift;

/// <summary>
/// A <see cref="DriftReport"/> as the JSON object the drift commands print and monitoring stores:
/// <c>{"dataset_drift", "drift_share", "features": [{"name", "type", "method", "statistic", "p_value", "threshold",
/// "drift"}], "prediction"?}</c>. Infinite or undefined numbers (an infinite χ², a NaN p-value) are null.
/// </summary>
public static class DriftReportJson
{
    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    /// <summary>One feature's verdict.</summary>
    public static JsonObject Feature(FeatureDrift f) => new()
    {
        ["name"] = f.Name,
        ["type"] = f.Type,
        ["method"] = f.Method.Name(),
        ["statistic"] = Finite(f.Statistic),
        ["p_value"] = Finite(f.PValue),
        ["threshold"] = f.Threshold,
        ["drift"] = f.Drift,
    };

    /// <summary>The whole report.</summary>
    public static JsonObject ToJson(DriftReport drift)
    {
        var features = new JsonArray();
        foreach (var f in drift.Features)
        {
            features.Add(Feature(f));
        }
        var root = new JsonObject
        {
            ["dataset_drift"] = drift.DatasetDrift,
            ["drift_share"] = drift.DriftShare,
            ["features"] = features,
        };
        if (drift.Prediction is not null)
        {
            root["prediction"] = Feature(drift.Prediction);
        }
        return root;
    }

}
