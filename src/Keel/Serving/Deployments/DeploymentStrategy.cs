namespace Keel.Serving.Deployments;

/// <summary>How a deployment revision shares traffic between its models.</summary>
public enum DeploymentStrategy
{
    /// <summary>One model answers every request.</summary>
    Single,

    /// <summary>
    /// The live model (<see cref="DeploymentRole.Primary"/>, "blue") answers every request; the standby
    /// (<see cref="DeploymentRole.Candidate"/>, "green") is loaded and warm but takes no traffic. A switch is a new
    /// revision with the two swapped, so switching and switching back are both one atomic step.
    /// </summary>
    BlueGreen,

    /// <summary>The candidate answers the share of the current canary step; the stable model answers the rest.</summary>
    Canary,

    /// <summary>
    /// The primary answers every request; all requests or a fraction of them are also sent, asynchronously, to the
    /// shadow, whose outputs are logged and compared but never returned.
    /// </summary>
    Shadow,

    /// <summary>Variant A (primary) and variant B (candidate) split traffic, sticky by a request key.</summary>
    AB,
}
