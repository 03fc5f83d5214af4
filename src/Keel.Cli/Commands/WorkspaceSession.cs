using Keel.Pipelines;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// The current workspace opened for a command: its metadata store and artifact store, and the catalogs over them
/// (runs, registry, datasets). Commands' own sessions derive from it. Dispose to close the store.
/// </summary>
internal abstract class WorkspaceSession : IDisposable
{
    protected WorkspaceSession(KeelWorkspace workspace, MetadataStore store)
    {
        Services = new PipelineServices(workspace, store, new ArtifactStore(workspace));
    }

    /// <summary>The stores and catalogs, as the pipeline runner takes them.</summary>
    public PipelineServices Services { get; }

    public KeelWorkspace Workspace => Services.Workspace;

    public MetadataStore Store => Services.Store;

    public ArtifactStore Artifacts => Services.Artifacts;

    public RunCatalog Runs => Services.Runs;

    public ModelRegistry Registry => Services.Registry;

    /// <summary>Opens the workspace found from the working directory and its store (migrated), for a session's constructor.</summary>
    protected static async Task<(KeelWorkspace Workspace, MetadataStore Store)> OpenStoreAsync(CliContext context, CancellationToken ct)
    {
        var workspace = context.OpenWorkspace();
        return (workspace, await MetadataStore.OpenAsync(workspace, context.Time, ct));
    }

    public void Dispose() => Store.Dispose();
}
