namespace Keel.Serving.Deployments;

/// <summary>Whether a revision is the one its deployment serves now. Derived from the deployment, never stored.</summary>
public enum RevisionStatus
{
    /// <summary>The deployment's current revision.</summary>
    Active,

    /// <summary>A later revision replaced it; it stays in the history and can be rolled back to.</summary>
    Superseded,
}
