namespace Keel.Storage;

/// <summary>What <see cref="InferenceLog.RecordFeedbackAsync"/> did with a set of labels.</summary>
/// <param name="Stored">The labels stored, each joined to its logged prediction, in the order given.</param>
/// <param name="Unknown">Prediction ids the log does not hold (nothing stored for them), in the order given.</param>
public sealed record FeedbackOutcome(IReadOnlyList<LabelledPrediction> Stored, IReadOnlyList<string> Unknown)
{
    /// <summary>How many labels were stored.</summary>
    public int Accepted => Stored.Count;
}
