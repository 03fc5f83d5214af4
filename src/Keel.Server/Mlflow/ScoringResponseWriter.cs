using Keel.Server.Inference;

namespace Keel.Server.Mlflow;

/// <summary>
/// Writes MLflow's scoring answer, <c>{"predictions": [...]}</c>: per row the value (regression) or
/// <c>{"prediction": class, "probability_{class}": p, ...}</c> (classification; a list of such objects is what
/// MLflow clients turn into a DataFrame with those columns). Ids and version travel in headers, not in the body, so
/// MLflow clients see exactly the shape they expect.
/// </summary>
internal static class ScoringResponseWriter
{
    public static byte[] Write(ScoredBatch batch) => JsonBody.Write(batch, static (w, batch) =>
    {
        w.WriteStartObject();
        w.WriteStartArray("predictions");
        for (var r = 0; r < batch.Predictions.Rows; r++)
        {
            PredictionJson.WriteRow(w, batch.Predictions, r);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
