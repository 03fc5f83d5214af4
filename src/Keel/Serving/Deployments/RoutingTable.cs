namespace Keel.Serving.Deployments;

/// <summary>
/// Everything a request needs from one revision, built once and never changed: the revision, its router, the loaded
/// model per role, and the metrics the requests it routes feed (per role, plus shadow agreement). The server swaps
/// whole tables through <see cref="DeploymentState{TModel}"/>, so a request that took a table finishes on its models,
/// and the metrics of a revision are never mixed with another's.
/// </summary>
/// <typeparam name="TModel">The server's loaded-model type.</typeparam>
/// <remarks>Thread-safe; <see cref="Route"/> allocates nothing.</remarks>
public sealed class RoutingTable<TModel>
    where TModel : class
{
    private readonly IRouter _router;

    /// <summary>
    /// Builds the table of <paramref name="revision"/> with its loaded models; <paramref name="candidate"/> must be given
    /// exactly when the revision has a candidate. <paramref name="router"/> defaults to the revision's <see cref="TrafficRouter"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A candidate model is missing or superfluous.</exception>
    public RoutingTable(DeploymentRevision revision, TModel primary, TModel? candidate, IRouter? router = null)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(primary);
        if ((revision.Spec.Candidate is null) != (candidate is null))
        {
            throw new ArgumentException(
                revision.Spec.Candidate is null
                    ? $"revision {revision.Number} of '{revision.Deployment}' has no candidate, but a candidate model was given"
                    : $"revision {revision.Number} of '{revision.Deployment}' needs its candidate {revision.Spec.Candidate} loaded",
                nameof(candidate));
        }
        Revision = revision;
        Primary = primary;
        Candidate = candidate;
        _router = router ?? new TrafficRouter(revision);
    }

    /// <summary>The revision this table serves.</summary>
    public DeploymentRevision Revision { get; }

    /// <summary>The primary's loaded model.</summary>
    public TModel Primary { get; }

    /// <summary>The candidate's loaded model, or null.</summary>
    public TModel? Candidate { get; }

    /// <summary>Latency and errors of the requests the primary answered under this revision.</summary>
    public RoleMetrics PrimaryMetrics { get; } = new();

    /// <summary>Latency and errors of the requests the candidate answered (or, for a shadow, was mirrored) under this revision.</summary>
    public RoleMetrics CandidateMetrics { get; } = new();

    /// <summary>Agreement of the shadow with the primary under this revision.</summary>
    public ShadowAgreement ShadowAgreement { get; } = new();

    /// <summary>The model of <paramref name="role"/> (null: no candidate).</summary>
    public TModel? ModelFor(DeploymentRole role) => role == DeploymentRole.Primary ? Primary : Candidate;

    /// <summary>The metrics of <paramref name="role"/>.</summary>
    public RoleMetrics MetricsFor(DeploymentRole role) => role == DeploymentRole.Primary ? PrimaryMetrics : CandidateMetrics;

    /// <summary>Routes one request (see <see cref="IRouter.Route"/>) to a loaded model.</summary>
    public RoutedRequest<TModel> Route(string? stickyKey, double uniform)
    {
        var decision = _router.Route(stickyKey, uniform);
        var model = decision.Role == DeploymentRole.Primary ? Primary : Candidate ?? Primary;
        return new RoutedRequest<TModel>(Revision.Number, decision.Role, model, decision.Mirror ? Candidate : null);
    }
}
