namespace Keel.Serving.Deployments;

/// <summary>
/// The routing table a deployment serves now. Requests read <see cref="Current"/> once and use that table to the end;
/// activation publishes a complete new table with one atomic reference swap, so no request sees a half-built state and
/// requests in flight finish on the models they started with (the old table stays alive while they hold it).
/// </summary>
/// <typeparam name="TModel">The server's loaded-model type.</typeparam>
/// <remarks>Thread-safe and lock-free. Reading <see cref="Current"/> is one volatile read.</remarks>
public sealed class DeploymentState<TModel>
    where TModel : class
{
    private RoutingTable<TModel>? _table;

    /// <summary>Creates the state of deployment <paramref name="deployment"/>, serving nothing yet.</summary>
    public DeploymentState(string deployment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        Deployment = deployment;
    }

    /// <summary>The deployment's name.</summary>
    public string Deployment { get; }

    /// <summary>The table to route with, or null before the first activation.</summary>
    public RoutingTable<TModel>? Current => Volatile.Read(ref _table);

    /// <summary>
    /// Publishes <paramref name="table"/> if its revision is newer than the current one's, so a slow loader can never
    /// put back an older revision (a rollback is itself a newer revision). Returns false, changing nothing, otherwise.
    /// </summary>
    /// <param name="table">The complete table of the new revision.</param>
    /// <param name="previous">The table it replaced (null: none, or not published); the caller may retire its models once in-flight requests are done.</param>
    /// <exception cref="ArgumentException">The table belongs to another deployment.</exception>
    public bool TryActivate(RoutingTable<TModel> table, out RoutingTable<TModel>? previous)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!string.Equals(table.Revision.Deployment, Deployment, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the table is for deployment '{table.Revision.Deployment}', not '{Deployment}'", nameof(table));
        }
        var current = Volatile.Read(ref _table);
        while (current is null || table.Revision.Number > current.Revision.Number)
        {
            var seen = Interlocked.CompareExchange(ref _table, table, current);
            if (ReferenceEquals(seen, current))
            {
                previous = current;
                return true;
            }
            current = seen;
        }
        previous = null;
        return false;
    }
}
