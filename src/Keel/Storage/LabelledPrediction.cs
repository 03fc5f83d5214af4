namespace Keel.Storage;

/// <summary>A logged prediction with the true label feedback joined to it, if any.</summary>
/// <param name="Record">The prediction as the inference log holds it (pii inputs already masked).</param>
/// <param name="Label">The true label, or null when no feedback has arrived for it.</param>
/// <param name="LabelReceivedAt">When the label was recorded, or null.</param>
public sealed record LabelledPrediction(InferenceRecord Record, string? Label, DateTimeOffset? LabelReceivedAt);
