namespace Keel.Retraining;

/// <summary>The retrains of one deployment so far, and since when the policy has been in force. Immutable.</summary>
/// <param name="Since">When the policy took effect: a schedule trigger counts its first time from here.</param>
/// <param name="Retrains">Every retrain, in any order.</param>
public sealed record RetrainingHistory(DateTimeOffset Since, IReadOnlyList<RetrainRecord> Retrains)
{
    /// <summary>A policy in force since <paramref name="since"/> that has not retrained yet.</summary>
    public static RetrainingHistory Empty(DateTimeOffset since) => new(since, []);

    /// <summary>This history with <paramref name="record"/> added.</summary>
    public RetrainingHistory With(RetrainRecord record) => this with { Retrains = [.. Retrains, record] };
}
