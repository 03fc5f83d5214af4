using Keel.Registry;

namespace Keel.Pipelines;

/// <summary>Starts a run of a pipeline; what <see cref="PipelineScheduler"/> calls when a schedule or new data fires.</summary>
public interface IPipelineLauncher
{
    /// <summary>
    /// Runs <paramref name="pipeline"/> to the end, recording <paramref name="trigger"/> as what started it. The
    /// returned task completes when the run ends; it faults when the run fails and is cancelled through
    /// <paramref name="cancellationToken"/> when the scheduler stops.
    /// </summary>
    Task LaunchAsync(PipelineSpec pipeline, RunTrigger trigger, CancellationToken cancellationToken);
}
