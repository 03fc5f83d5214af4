namespace Keel.Retraining;

/// <summary>Where one retrain stands or how it ended.</summary>
public enum RetrainOutcome
{
    /// <summary>Asked for approval; not started yet. Counts as in progress.</summary>
    AwaitingApproval,

    /// <summary>Training, evaluating or being released. Counts as in progress.</summary>
    Running,

    /// <summary>The candidate replaced the champion.</summary>
    Promoted,

    /// <summary>The candidate failed the gate against the champion and was never released.</summary>
    Rejected,

    /// <summary>The candidate was released but rolled back by the release plan's gates.</summary>
    RolledBack,

    /// <summary>The pipeline or the release failed.</summary>
    Failed,

    /// <summary>Approval was refused; the retrain never ran, so it counts against no limit.</summary>
    Declined,
}
