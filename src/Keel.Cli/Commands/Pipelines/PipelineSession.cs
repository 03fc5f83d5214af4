using Keel.Pipelines;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>The workspace's stores opened for running pipelines; also the scheduler's launcher. Dispose to close the store.</summary>
internal sealed class PipelineSession : IDisposable, IPipelineLauncher
{
    private readonly MetadataStore _store;
    private readonly CliContext _context;

    private PipelineSession(CliContext context, MetadataStore store, PipelineServices services)
    {
        _context = context;
        _store = store;
        Services = services;
    }

    public PipelineServices Services { get; }

    public static async Task<PipelineSession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var workspace = context.OpenWorkspace();
        var store = await MetadataStore.OpenAsync(workspace, context.Time, ct);
        return new PipelineSession(context, store, new PipelineServices(workspace, store, new ArtifactStore(workspace)));
    }

    public PipelineRunner Runner(IProgress<PipelineEvent>? progress) => new(Services, progress);

    /// <summary>Runs a scheduled pipeline, printing its steps as <c>keel pipeline run</c> does.</summary>
    public async Task LaunchAsync(PipelineSpec pipeline, RunTrigger trigger, CancellationToken cancellationToken)
    {
        var view = new PipelineRunView(_context.Terminal, json: false);
        var outcome = await Runner(view).RunAsync(pipeline, trigger, Path.Combine(pipeline.BaseDirectory, pipeline.SourceName), cancellationToken);
        view.Finish(outcome);
    }

    public void Dispose() => _store.Dispose();
}
