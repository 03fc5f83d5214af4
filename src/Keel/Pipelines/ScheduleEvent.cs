using Keel.Registry;

namespace Keel.Pipelines;

/// <summary>What happened, in <see cref="ScheduleEvent"/>.</summary>
public enum ScheduleEventKind
{
    /// <summary>The first poll of a data trigger saw the data as it is; later polls compare with it. No run is started.</summary>
    Baseline,

    /// <summary>A run was started.</summary>
    Started,

    /// <summary>A fire started no run: the pipeline was still running, or (mode first) data already started one.</summary>
    Skipped,

    /// <summary>A run ended well.</summary>
    Succeeded,

    /// <summary>A run failed or was cancelled; the scheduler goes on.</summary>
    Failed,

    /// <summary>Looking for new data failed; the next poll tries again.</summary>
    ProbeFailed,
}

/// <summary>One line of the scheduler's log.</summary>
/// <param name="At">When it happened, on the scheduler's clock.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Trigger">The fire it is about (the run's trigger, or the trigger that was skipped); null for probes.</param>
/// <param name="Detail">Why, in words: the reason of a skip, the error of a failure, the catch-up of a late fire.</param>
public sealed record ScheduleEvent(DateTimeOffset At, string Pipeline, ScheduleEventKind Kind, RunTrigger? Trigger, string? Detail);

/// <summary>A pipeline's schedule as the scheduler sees it, for the table <c>keel scheduler</c> prints.</summary>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Cron">The cron expression, or null.</param>
/// <param name="TimeZone">The cron expression's time zone.</param>
/// <param name="NextFire">The next scheduled time, or null when the expression has no more.</param>
/// <param name="DataTrigger">What is watched for new data (<c>dataset credit</c>, <c>files data/*.csv</c>), or null.</param>
/// <param name="Mode">How the cron schedule and the data trigger combine.</param>
public sealed record ScheduleSummary(string Pipeline, string? Cron, TimeZoneInfo TimeZone, DateTimeOffset? NextFire, string? DataTrigger, ScheduleMode Mode);
