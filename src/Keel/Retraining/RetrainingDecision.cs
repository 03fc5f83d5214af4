namespace Keel.Retraining;

/// <summary>
/// The outcome of one <see cref="RetrainingController.Decide"/>: retrain (or ask approval) because of
/// <see cref="Trigger"/>, or hold for <see cref="Reason"/>. <see cref="Detail"/> is a sentence for the audit log.
/// </summary>
/// <param name="Action">What to do.</param>
/// <param name="Trigger">The trigger that fired (the first in file order when several did), or null when none did.</param>
/// <param name="Reason">Why nothing is done, when <paramref name="Action"/> is <see cref="RetrainingAction.Hold"/>.</param>
/// <param name="Until">When the hold ends by itself (cooldown, daily limit), or null.</param>
/// <param name="Detail">What was seen, for people.</param>
public sealed record RetrainingDecision(RetrainingAction Action, RetrainingTrigger? Trigger, HoldReason? Reason, DateTimeOffset? Until, string Detail)
{
    /// <summary>Whether a retrain should start now.</summary>
    public bool ShouldRetrain => Action == RetrainingAction.Retrain;

    internal static RetrainingDecision Hold(HoldReason reason, RetrainingTrigger? trigger, string detail, DateTimeOffset? until = null) =>
        new(RetrainingAction.Hold, trigger, reason, until, detail);
}
