namespace Keel.Serving.Deployments;

/// <summary>
/// Drives canaries: on each tick it applies <see cref="CanaryPolicy"/> to the deployment's current revision and the
/// metrics observed under it, and writes the outcome as a new revision: the next step (a canary with
/// <see cref="DeploymentParameters.CanaryStep"/> + 1, so each step starts its own clock and metrics), a promotion
/// (single, the candidate) or a rollback (single, the stable model), with the decision's reasons as the revision's
/// reason. Holds write nothing.
/// </summary>
/// <remarks>
/// Stateless between ticks (the step's start is its revision's time), so it survives restarts. Thread-safe; a tick
/// that loses a race with another change (a person, another controller) holds instead of overwriting it.
/// </remarks>
public sealed class CanaryController
{
    private readonly DeploymentCatalog _catalog;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a controller writing through <paramref name="catalog"/> and reading time from <paramref name="timeProvider"/>.</summary>
    public CanaryController(DeploymentCatalog catalog, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _catalog = catalog;
        _timeProvider = timeProvider;
    }

    /// <summary>One tick with the metrics a routing table collected (see <see cref="TickAsync(string, int, RoleMetricsSnapshot, RoleMetricsSnapshot, CancellationToken)"/>).</summary>
    public Task<CanaryDecision> TickAsync<TModel>(RoutingTable<TModel> table, CancellationToken cancellationToken = default)
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(table);
        return TickAsync(table.Revision.Deployment, table.Revision.Number, table.PrimaryMetrics.Snapshot(), table.CandidateMetrics.Snapshot(), cancellationToken);
    }

    /// <summary>
    /// One tick: <paramref name="stable"/> and <paramref name="candidate"/> are the roles' metrics observed under
    /// revision <paramref name="observedRevision"/>; if the deployment has moved past it, the tick holds.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such deployment.</exception>
    public async Task<CanaryDecision> TickAsync(
        string deployment, int observedRevision, RoleMetricsSnapshot stable, RoleMetricsSnapshot candidate, CancellationToken cancellationToken = default)
    {
        var current = (await _catalog.GetAsync(deployment, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no deployment '{deployment}'")).Current;
        if (current.Number != observedRevision)
        {
            return new CanaryDecision(CanaryAction.Hold,
                $"the metrics are of revision {observedRevision} but '{deployment}' is at revision {current.Number}", []);
        }
        var decision = CanaryPolicy.Decide(current, _timeProvider.GetUtcNow(), stable, candidate);
        var spec = current.Spec;
        (DeploymentSpec Spec, RevisionChange Change)? next = decision.Action switch
        {
            CanaryAction.Advance => (spec with { Parameters = spec.Parameters with { CanaryStep = spec.Parameters.CanaryStep + 1 } }, RevisionChange.CanaryStep),
            CanaryAction.Promote => (DeploymentSpec.Single(spec.Candidate!.Value), RevisionChange.Promoted),
            CanaryAction.RollBack => (DeploymentSpec.Single(spec.Primary), RevisionChange.CanaryRollback),
            _ => null,
        };
        if (next is not { } change)
        {
            return decision;
        }
        try
        {
            var written = await _catalog.AppendAsync(deployment, change.Spec, change.Change, decision.Reason, current.Number, sourceRevision: null, cancellationToken)
                .ConfigureAwait(false);
            return decision with { Revision = written };
        }
        catch (DeploymentConflictException ex)
        {
            return new CanaryDecision(CanaryAction.Hold, ex.Message, decision.Gates);
        }
    }
}
