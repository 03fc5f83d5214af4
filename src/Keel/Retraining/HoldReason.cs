namespace Keel.Retraining;

/// <summary>Why <see cref="RetrainingController.Decide"/> holds, in the order the rules are checked (docs/retraining.md).</summary>
public enum HoldReason
{
    /// <summary>No trigger fires.</summary>
    NoTrigger,

    /// <summary>No trigger fires, but a performance metric is past its bound on fewer labels than the trigger needs.</summary>
    TooFewLabels,

    /// <summary>A retrain is running or awaiting approval.</summary>
    InProgress,

    /// <summary>The last retrain started less than the cooldown ago; <see cref="RetrainingDecision.Until"/> is when it ends.</summary>
    Cooldown,

    /// <summary><c>max_per_day</c> retrains started in the last 24 hours; <see cref="RetrainingDecision.Until"/> is when one leaves the window.</summary>
    DailyLimit,

    /// <summary>Fewer new labelled rows than <c>min_new_rows</c> since the last training.</summary>
    NotEnoughNewRows,
}
