using System.Text.Json;
using Keel.Learning;

namespace Keel.Server.Tests;

/// <summary>The oracle: what <see cref="Model.Predict"/> says about <see cref="ServingModels.Rows"/>, scored in-process.</summary>
internal static class Expectations
{
    public static Predictions Classifier { get; } = ServingModels.Classifier.Predict(ServingModels.Rows);

    public static Predictions Regressor { get; } = ServingModels.Regressor.Predict(ServingModels.Rows);

    /// <summary>Asserts MLflow's <c>{"predictions": [{"prediction", "probability_no", "probability_yes"}]}</c> equals the oracle.</summary>
    public static void AssertMlflowClassifier(JsonElement body)
    {
        var rows = body.GetProperty("predictions");
        var p = Classifier;
        Assert.Equal(p.Rows, rows.GetArrayLength());
        for (var r = 0; r < p.Rows; r++)
        {
            var row = rows[r];
            Assert.Equal(p.Label(r), row.GetProperty("prediction").GetString());
            for (var c = 0; c < p.Classes.Count; c++)
            {
                Assert.Equal(p.Probabilities![(r * p.Classes.Count) + c], row.GetProperty("probability_" + p.Classes[c]).GetDouble(), 12);
            }
        }
    }

    /// <summary>Asserts an OIP response's outputs equal the oracle.</summary>
    public static void AssertOipClassifier(JsonElement body)
    {
        var p = Classifier;
        var outputs = body.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var labels = outputs["prediction"];
        Assert.Equal("BYTES", labels.GetProperty("datatype").GetString());
        Assert.Equal([p.Rows], labels.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(Enumerable.Range(0, p.Rows).Select(p.Label), labels.GetProperty("data").EnumerateArray().Select(e => e.GetString()!));
        for (var c = 0; c < p.Classes.Count; c++)
        {
            var data = outputs["probability_" + p.Classes[c]].GetProperty("data");
            for (var r = 0; r < p.Rows; r++)
            {
                Assert.Equal(p.Probabilities![(r * p.Classes.Count) + c], data[r].GetDouble(), 12);
            }
        }
    }
}
