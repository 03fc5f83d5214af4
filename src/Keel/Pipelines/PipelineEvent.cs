namespace Keel.Pipelines;

/// <summary>What happened to a step, for progress displays.</summary>
public enum StepEventKind
{
    /// <summary>An attempt started.</summary>
    Started,

    /// <summary>The step succeeded.</summary>
    Succeeded,

    /// <summary>The step's outputs were reused from an earlier run (same inputs, parameters and code).</summary>
    Cached,

    /// <summary>The step's outputs were taken from the run being resumed.</summary>
    Resumed,

    /// <summary>An attempt failed and the step will be tried again after a backoff.</summary>
    Retrying,

    /// <summary>The step failed for good.</summary>
    Failed,

    /// <summary>The step did not run because a step it depends on failed.</summary>
    Skipped,
}

/// <summary>A progress report from <see cref="PipelineRunner"/>: a step's name, what happened, the attempt, the elapsed time and a note.</summary>
public sealed record PipelineEvent(long RunId, string Step, StepEventKind Kind, int Attempt, TimeSpan? Elapsed, string? Message);
