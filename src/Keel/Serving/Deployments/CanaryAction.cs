namespace Keel.Serving.Deployments;

/// <summary>What the canary controller does on a tick.</summary>
public enum CanaryAction
{
    /// <summary>Nothing yet: too little traffic, the step is still running, or the deployment is not a canary.</summary>
    Hold,

    /// <summary>The step passed: move the candidate to the next traffic share.</summary>
    Advance,

    /// <summary>The last step passed: the candidate serves alone.</summary>
    Promote,

    /// <summary>A gate failed: the stable model serves alone.</summary>
    RollBack,
}
