using Keel.Learning;

namespace Keel.Server.Inference;

/// <summary>The answer to one scoring request, whatever protocol it came by.</summary>
/// <param name="Model">The model that scored it.</param>
/// <param name="InferenceId">The server's id of the request; prediction ids are <c>{InferenceId}:{row}</c>.</param>
/// <param name="Predictions">What the model said, one entry per row.</param>
internal sealed record ScoredBatch(ServedModel Model, string InferenceId, Predictions Predictions)
{
    /// <summary>The id of row <paramref name="row"/>'s prediction.</summary>
    public string PredictionId(int row) => Keel.Storage.InferenceRecordBatch.PredictionId(InferenceId, row);
}
