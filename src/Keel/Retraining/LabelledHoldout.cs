using Keel.Data;

namespace Keel.Retraining;

/// <summary>The recent labelled predictions a retrain judges candidate and champion on.</summary>
/// <param name="Rows">The rows, typed by the champion's schema, the feedback label in its label column.</param>
/// <param name="From">When the oldest of them was predicted; the candidate trains only on labelled predictions
/// from before it (so never on a holdout row, whatever labels arrive meanwhile). Null without rows.</param>
public sealed record LabelledHoldout(Frame Rows, DateTimeOffset? From);
