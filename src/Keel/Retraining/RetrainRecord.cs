namespace Keel.Retraining;

/// <summary>One past or current retrain of a deployment, as the run history keeps it.</summary>
/// <param name="StartedAt">When the retrain was decided (for <see cref="RetrainOutcome.AwaitingApproval"/>, when approval was asked).</param>
/// <param name="Cause">What started it, as <see cref="RetrainingTrigger.Describe"/> gave it.</param>
/// <param name="Outcome">Where it stands or how it ended.</param>
public sealed record RetrainRecord(DateTimeOffset StartedAt, string Cause, RetrainOutcome Outcome)
{
    /// <summary>Whether it is still going: awaiting approval or running.</summary>
    public bool IsActive => Outcome is RetrainOutcome.AwaitingApproval or RetrainOutcome.Running;

    /// <summary>Whether it counts for the cooldown, the daily limit and the schedule: every retrain but a declined one.</summary>
    public bool Counts => Outcome != RetrainOutcome.Declined;
}
