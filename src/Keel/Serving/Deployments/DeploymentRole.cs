namespace Keel.Serving.Deployments;

/// <summary>
/// The part a model plays in a revision. Two roles cover every strategy: the primary is the single model, the live
/// (blue) model, the canary's stable model, the model a shadow mirrors, or variant A; the candidate is the green
/// standby, the canary, the shadow, or variant B.
/// </summary>
public enum DeploymentRole
{
    /// <summary>The model that answers by default.</summary>
    Primary,

    /// <summary>The model being tried (green, canary, shadow, variant B); absent in <see cref="DeploymentStrategy.Single"/>.</summary>
    Candidate,
}
