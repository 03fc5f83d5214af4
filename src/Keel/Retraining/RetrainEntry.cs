namespace Keel.Retraining;

/// <summary>One retrain as the journal keeps it.</summary>
/// <param name="Id">The retrain's id.</param>
/// <param name="Record">When it started, its cause and its outcome (what the decision logic reads).</param>
/// <param name="UpdatedAt">When its outcome last changed.</param>
/// <param name="RunId">The pipeline run that trained the candidate, once known.</param>
/// <param name="Candidate">The candidate model (a registry reference), once registered.</param>
/// <param name="Detail">The last sentence of detail (the gate's verdict, the release's end, the failure).</param>
public sealed record RetrainEntry(long Id, RetrainRecord Record, DateTimeOffset UpdatedAt, long? RunId, string? Candidate, string? Detail);
