using Keel.Data;
using Keel.Learning;
using Keel.Server.Inference;

namespace Keel.Server.OpenInference;

/// <summary>
/// The tensors a model's answer is given as, the same names as <c>keel predict</c>'s columns: <c>prediction</c> (the
/// class, BYTES; or the value, FP64), <c>probability_{class}</c> per class (FP64), and <c>prediction_id</c> (BYTES),
/// each of shape [N].
/// </summary>
internal static class OutputTensors
{
    public const string PredictionId = "prediction_id";

    /// <summary>The output names and datatypes of <paramref name="model"/>, in response order.</summary>
    public static IReadOnlyList<(string Name, string Datatype)> Of(Model model)
    {
        var outputs = new List<(string, string)> { (PredictionJson.Prediction, model.Task == LearningTask.Regression ? "FP64" : "BYTES") };
        foreach (var c in model.Label.Classes)
        {
            outputs.Add((PredictionJson.ProbabilityPrefix + c, "FP64"));
        }
        outputs.Add((PredictionId, "BYTES"));
        return outputs;
    }

    /// <summary>The OIP datatype a column is sent as.</summary>
    public static string DatatypeOf(ColumnType type) => type switch
    {
        ColumnType.Numeric => "FP64",
        ColumnType.Boolean => "BOOL",
        _ => "BYTES",
    };
}
