namespace Keel.Retraining;

/// <summary>What <see cref="RetrainingController.Decide"/> says to do.</summary>
public enum RetrainingAction
{
    /// <summary>Do nothing now; <see cref="RetrainingDecision.Reason"/> says why.</summary>
    Hold,

    /// <summary>Start a retrain now.</summary>
    Retrain,

    /// <summary>A retrain is warranted but the policy requires approval: ask for it.</summary>
    AwaitApproval,
}
