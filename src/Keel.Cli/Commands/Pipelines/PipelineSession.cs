using Keel.Pipelines;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>The workspace opened for running pipelines; also the scheduler's launcher.</summary>
internal sealed class PipelineSession : WorkspaceSession, IPipelineLauncher
{
    private readonly CliContext _context;

    private PipelineSession(CliContext context, KeelWorkspace workspace, MetadataStore store)
        : base(workspace, store)
    {
        _context = context;
    }

    public static async Task<PipelineSession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var (workspace, store) = await OpenStoreAsync(context, ct);
        return new PipelineSession(context, workspace, store);
    }

    public PipelineRunner Runner(IProgress<PipelineEvent>? progress) => new(Services, progress);

    /// <summary>Runs a scheduled pipeline, printing its steps as <c>keel pipeline run</c> does.</summary>
    public async Task LaunchAsync(PipelineSpec pipeline, RunTrigger trigger, CancellationToken cancellationToken)
    {
        var view = new PipelineRunView(_context.Terminal, json: false);
        var outcome = await Runner(view).RunAsync(pipeline, trigger, Path.Combine(pipeline.BaseDirectory, pipeline.SourceName), cancellationToken);
        view.Finish(outcome);
    }
}
