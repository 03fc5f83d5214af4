namespace Keel.Serving.Deployments;

/// <summary>Why a revision was written; each value is stored as its snake_case name.</summary>
public enum RevisionChange
{
    /// <summary>The deployment's first revision.</summary>
    Created,

    /// <summary>A new specification from a user or a pipeline.</summary>
    Revised,

    /// <summary>A blue-green switch: live and standby swapped.</summary>
    Switched,

    /// <summary>The canary controller moved the candidate to the next traffic step.</summary>
    CanaryStep,

    /// <summary>The canary controller promoted the candidate: it now serves alone.</summary>
    Promoted,

    /// <summary>The canary controller rolled back automatically: the stable model serves alone.</summary>
    CanaryRollback,

    /// <summary>A copy of an older revision (<see cref="DeploymentRevision.SourceRevision"/>) re-activated by hand.</summary>
    Rollback,
}
