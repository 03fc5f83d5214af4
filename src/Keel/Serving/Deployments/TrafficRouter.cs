namespace Keel.Serving.Deployments;

/// <summary>
/// The router of one revision: single and blue-green send everything to the primary; canary sends the current step's
/// share to the candidate; shadow answers from the primary and mirrors a fraction to the candidate; A/B sends
/// variant B's share to the candidate. A/B, and canary when the revision names a sticky key, place a request with a
/// key by <see cref="StickyBucket"/> (so one caller always lands on the same side) and one without by the uniform draw.
/// </summary>
/// <remarks>Immutable and thread-safe; <see cref="Route"/> allocates nothing for keys up to 169 characters.</remarks>
public sealed class TrafficRouter : IRouter
{
    private readonly DeploymentStrategy _strategy;
    private readonly double _threshold;
    private readonly bool _sticky;
    private readonly ulong _seed;

    /// <summary>Builds the router of <paramref name="revision"/>.</summary>
    public TrafficRouter(DeploymentRevision revision)
        : this((revision ?? throw new ArgumentNullException(nameof(revision))).Deployment, revision.Spec)
    {
    }

    /// <summary>Builds the router of <paramref name="spec"/> for deployment <paramref name="deployment"/> (which seeds sticky buckets).</summary>
    public TrafficRouter(string deployment, DeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(spec);
        _strategy = spec.Strategy;
        _threshold = spec.Strategy == DeploymentStrategy.Shadow ? spec.Parameters.ShadowFraction : spec.CandidateShare;
        _sticky = spec.Strategy == DeploymentStrategy.AB || (spec.Strategy == DeploymentStrategy.Canary && spec.Parameters.StickyKey is not null);
        _seed = StickyBucket.SeedFor(deployment);
    }

    /// <inheritdoc/>
    public RouteDecision Route(string? stickyKey, double uniform)
    {
        switch (_strategy)
        {
            case DeploymentStrategy.Canary:
            case DeploymentStrategy.AB:
                var point = _sticky && stickyKey is not null ? StickyBucket.Of(stickyKey, _seed) : uniform;
                return new RouteDecision(point < _threshold ? DeploymentRole.Candidate : DeploymentRole.Primary, false);
            case DeploymentStrategy.Shadow:
                return new RouteDecision(DeploymentRole.Primary, uniform < _threshold);
            default:
                return new RouteDecision(DeploymentRole.Primary, false);
        }
    }
}
