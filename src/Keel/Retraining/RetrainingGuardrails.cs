using Keel.Registry;

namespace Keel.Retraining;

/// <summary>The limits on when a retrain may start and what a candidate must show to be released.</summary>
/// <param name="MaxPerDay">Retrains allowed to start in any 24 hours, at least 1.</param>
/// <param name="MinNewRows">New labelled rows since the last training needed before any retrain, at least 0.</param>
/// <param name="Cooldown">After a retrain starts, triggers are held this long; zero for none.</param>
/// <param name="Gate">The condition a candidate must meet against the champion on the same holdout, or null (always met).</param>
/// <param name="Approval">Whether a retrain needs approval to start.</param>
public sealed record RetrainingGuardrails(int MaxPerDay, long MinNewRows, TimeSpan Cooldown, ModelGate? Gate, ApprovalMode Approval)
{
    /// <summary>Two a day, no row minimum, a 6-hour cooldown, no gate, automatic.</summary>
    public static RetrainingGuardrails Default { get; } = new(2, 0, TimeSpan.FromHours(6), null, ApprovalMode.Automatic);
}
