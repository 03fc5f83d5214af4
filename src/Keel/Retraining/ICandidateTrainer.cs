using Keel.Learning;
using Keel.Registry;

namespace Keel.Retraining;

/// <summary>
/// Trains and registers a candidate for a policy's deployment on fresh data (in production: the policy's pipeline on
/// its source plus recent labelled traffic, see <see cref="LabelledTraffic"/>).
/// </summary>
public interface ICandidateTrainer
{
    /// <summary>
    /// Trains a candidate for retrain <paramref name="retrainId"/> of <paramref name="policy"/>'s deployment. Labelled
    /// predictions from <paramref name="holdoutFrom"/> on are the holdout the candidate will be judged on: a trainer that
    /// adds labelled traffic takes only older ones (null: no holdout is known; keep out the newest holdout share).
    /// </summary>
    /// <exception cref="Exception">Any failure: the loop records the retrain as failed with its message.</exception>
    Task<TrainedCandidate> TrainAsync(RetrainingPolicy policy, long retrainId, DateTimeOffset? holdoutFrom, CancellationToken cancellationToken);
}

/// <summary>A trained, registered candidate.</summary>
/// <param name="Reference">Its registry reference, pinned to a version (models:/NAME/VERSION).</param>
/// <param name="Model">The model itself, to measure on the holdout.</param>
/// <param name="RunId">The pipeline run that trained it, if any.</param>
public sealed record TrainedCandidate(ModelReference Reference, Model Model, long? RunId)
{
    /// <summary>How many labelled predictions were added to the pipeline's source to train it (0 without feedback).</summary>
    public int FeedbackRows { get; init; }
}
