using Keel.Serving.Deployments;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// The workspace's deployment catalog as <c>keel deploy</c> uses it: the catalog's refusals (a bad specification, an
/// unknown deployment or model, a name taken) become user errors (exit code 2).
/// </summary>
internal sealed class DeploySession : WorkspaceSession
{
    private DeploySession(KeelWorkspace workspace, MetadataStore store)
        : base(workspace, store)
    {
        Catalog = new DeploymentCatalog(store);
    }

    public DeploymentCatalog Catalog { get; }

    public static async Task<DeploySession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var (workspace, store) = await OpenStoreAsync(context, ct);
        return new DeploySession(workspace, store);
    }

    /// <summary>The deployment <paramref name="name"/>; otherwise a user error listing the deployments.</summary>
    public async Task<Deployment> RequireAsync(string name, CancellationToken ct)
    {
        if (await Catalog.GetAsync(name, ct) is { } deployment)
        {
            return deployment;
        }
        var names = (await Catalog.ListAsync(ct)).Select(d => d.Name).ToList();
        throw new UserException(names.Count == 0
            ? $"no deployment '{name}': there are none yet (keel deploy create NAME --model REF)"
            : $"no deployment '{name}'; deployments: {string.Join(", ", names)}");
    }

    /// <summary>Runs one catalog change, turning its refusals into user errors.</summary>
    public static async Task<DeploymentRevision> ChangeAsync(Func<Task<DeploymentRevision>> change)
    {
        try
        {
            return await change();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new UserException(ex.Message);
        }
    }
}
