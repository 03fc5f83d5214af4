namespace Keel.Retraining;

/// <summary>What a retrain trains and compares on, besides the pipeline's own source.</summary>
/// <param name="IncludeFeedback">Whether labelled predictions from the inference log are added to the training data.</param>
/// <param name="Window">How far back the labelled predictions go.</param>
/// <param name="Holdout">The share of the most recent labelled rows kept out of training to compare candidate and champion, in (0, 1).</param>
public sealed record RetrainingData(bool IncludeFeedback, TimeSpan Window, double Holdout)
{
    /// <summary>Feedback included, 30 days, 20 % holdout.</summary>
    public static RetrainingData Default { get; } = new(true, TimeSpan.FromDays(30), 0.2);
}
