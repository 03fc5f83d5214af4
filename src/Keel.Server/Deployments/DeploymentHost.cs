using System.Collections.Concurrent;
using Keel.Serving.Deployments;

namespace Keel.Server.Deployments;

/// <summary>
/// The deployments a server answers for, each as a <see cref="DeploymentState{TModel}"/> whose routing table is
/// rebuilt when the catalog's revision moves: <see cref="RefreshAsync"/> loads the new revision's models first, then
/// publishes the complete table with one atomic swap, so requests in flight finish on the table they took and no
/// request fails during a switch. <see cref="TickCanariesAsync"/> lets the <see cref="CanaryController"/> judge each
/// canary on the metrics its table collected. A background service calls both on a timer (see
/// <see cref="ServerOptions.DeploymentPollInterval"/>); tests may call them directly.
/// </summary>
/// <remarks>Thread-safe. Deployments are never removed (the catalog never deletes one).</remarks>
public sealed class DeploymentHost
{
    private readonly ConcurrentDictionary<string, DeploymentState<ServedModel>> _states = new(StringComparer.Ordinal);
    private readonly RegistryModelSource _models;
    private readonly CanaryController _controller;
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>Creates a host over <paramref name="catalog"/>, loading models from <paramref name="models"/>; <paramref name="time"/> clocks the canary steps.</summary>
    public DeploymentHost(DeploymentCatalog catalog, RegistryModelSource models, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(time);
        Catalog = catalog;
        _models = models;
        _controller = new CanaryController(catalog, time);
    }

    /// <summary>The catalog the deployments are read from and changes are written to.</summary>
    public DeploymentCatalog Catalog { get; }

    /// <summary>The names of the deployments being served, in order.</summary>
    public IReadOnlyList<string> Names => [.. _states.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The table deployment <paramref name="name"/> routes with now, or null when it is not served (yet).</summary>
    public RoutingTable<ServedModel>? Find(string name) => _states.TryGetValue(name, out var state) ? state.Current : null;

    /// <summary>
    /// Reads every deployment and activates each one whose current revision is newer than the served one. A revision
    /// whose models cannot be loaded is skipped (the old table keeps serving) and reported in the result.
    /// </summary>
    /// <returns>The problems met, one per deployment that could not be refreshed; empty when all are current.</returns>
    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var deployment in await Catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                var revision = deployment.Current;
                var state = _states.GetOrAdd(deployment.Name, static name => new DeploymentState<ServedModel>(name));
                if (state.Current is { } served && served.Revision.Number >= revision.Number)
                {
                    continue;
                }
                try
                {
                    var primary = await _models.LoadAsync(revision.Spec.Primary, cancellationToken).ConfigureAwait(false);
                    var candidate = revision.Spec.Candidate is { } c ? await _models.LoadAsync(c, cancellationToken).ConfigureAwait(false) : null;
                    state.TryActivate(new RoutingTable<ServedModel>(revision, primary, candidate), out _);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One deployment's unloadable revision must not keep the others from refreshing.
                    problems.Add($"deployment '{deployment.Name}' revision {revision.Number}: {ex.Message}");
                }
            }
        }
        finally
        {
            _refreshing.Release();
        }
        return problems;
    }

    /// <summary>
    /// One canary controller tick for every canary being served; a tick that writes a revision (a step, a promotion, a
    /// rollback) is followed by a refresh so the new table serves at once.
    /// </summary>
    /// <returns>The decisions, one per canary.</returns>
    public async Task<IReadOnlyList<CanaryDecision>> TickCanariesAsync(CancellationToken cancellationToken = default)
    {
        var decisions = new List<CanaryDecision>();
        foreach (var state in _states.Values)
        {
            if (state.Current is { Revision.Spec.Strategy: DeploymentStrategy.Canary } table)
            {
                decisions.Add(await _controller.TickAsync(table, cancellationToken).ConfigureAwait(false));
            }
        }
        if (decisions.Exists(d => d.Revision is not null))
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        return decisions;
    }
}
