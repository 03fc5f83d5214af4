using Keel.Storage;

namespace Keel.Registry;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Started and not finished (or its process died; see <see cref="RunRecord.Owner"/>).</summary>
    Running,

    /// <summary>Every step succeeded or was served from cache.</summary>
    Succeeded,

    /// <summary>A step failed after its retries, or a gate failed.</summary>
    Failed,

    /// <summary>Stopped by Ctrl-C or a shutdown; <c>keel runs resume</c> continues it.</summary>
    Interrupted,
}

/// <summary>Where a step of a run is.</summary>
public enum StepStatus
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>Executing (or its process died).</summary>
    Running,

    /// <summary>Done; its outputs are recorded (possibly reused from the cache).</summary>
    Succeeded,

    /// <summary>Failed after its retries.</summary>
    Failed,

    /// <summary>Not run because a step it depends on failed.</summary>
    Skipped,
}

/// <summary>What started a run: <c>manual</c>, <c>schedule</c>, <c>data</c>, <c>retrain</c> …, with a detail (the cron, the dataset version, the alert).</summary>
public sealed record RunTrigger(string Kind, string? Detail = null)
{
    /// <summary>A run started by hand from the command line.</summary>
    public static RunTrigger Manual { get; } = new("manual");

    /// <inheritdoc/>
    public override string ToString() => Detail is null ? Kind : $"{Kind}: {Detail}";
}

/// <summary>One execution of a pipeline.</summary>
/// <param name="Id">The run number (1, 2, …).</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Trigger">What started it.</param>
/// <param name="SpecPath">The pipeline file it ran, as given.</param>
/// <param name="SpecJson">The pipeline as it was resolved when the run started (what a resume runs again).</param>
/// <param name="Owner">The process running it, <c>host:pid</c>; null once finished.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it finished; null while running.</param>
/// <param name="Error">Why it failed or stopped.</param>
public sealed record RunRecord(
    long Id, string Pipeline, RunStatus Status, RunTrigger Trigger, string? SpecPath, string? SpecJson, string? Owner,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Error)
{
    /// <summary>Wall-clock time from start to end; null while running.</summary>
    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>The state of one step of a run.</summary>
/// <param name="Name">The step's name in the pipeline.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">How many times it was started (retries included).</param>
/// <param name="CacheKey">The hash of its inputs, parameters and code version.</param>
/// <param name="Cached">True when its outputs were reused from an earlier run.</param>
/// <param name="StartedAt">When its first attempt started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Error">The last attempt's error.</param>
/// <param name="OutputsJson">Its outputs (artifact ids and values) as a JSON object.</param>
public sealed record StepRecord(
    string Name, StepStatus Status, int Attempts, string? CacheKey, bool Cached,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Error, string? OutputsJson)
{
    /// <summary>Wall-clock time of the step; null until it ends.</summary>
    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>One value of a metric; a metric logged per iteration has one point per step.</summary>
public sealed record MetricPoint(string Name, long Step, double Value, DateTimeOffset At);

/// <summary>A file a run produced, kept in the artifact store.</summary>
public sealed record RunArtifact(string Name, ArtifactId ContentId, long Bytes);

/// <summary>Something a run read: a dataset version or a file (<paramref name="Kind"/>), with its content id when known.</summary>
public sealed record RunInput(string Kind, string Reference, string? ContentId);

/// <summary>A line of a run's log.</summary>
public sealed record RunLogEntry(string? Step, DateTimeOffset At, string Level, string Message);
