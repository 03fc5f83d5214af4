using Keel.Registry;
using Quartz;

namespace Keel.Pipelines;

/// <summary>One pipeline's state inside <see cref="PipelineScheduler"/>. Not thread-safe: only the scheduler's tick touches it.</summary>
internal sealed class ScheduledPipeline
{
    public ScheduledPipeline(PipelineSpec spec, DateTimeOffset now)
    {
        Spec = spec;
        var schedule = spec.Schedule!;
        if (schedule.Cron is not null)
        {
            Cron = new CronExpression(schedule.Cron, schedule.TimeZone);
            NextFire = Cron.GetNextValidTimeAfter(now);
        }
        WatchesData = schedule.OnNewData;
        NextPoll = now;
    }

    public PipelineSpec Spec { get; }

    public string Name => Spec.Name;

    /// <summary>The cron schedule in the spec's time zone, or null.</summary>
    public CronExpression? Cron { get; }

    /// <summary>The scheduled time not yet fired; null when there is no cron or it has no more times.</summary>
    public DateTimeOffset? NextFire { get; set; }

    public bool WatchesData { get; }

    public DateTimeOffset NextPoll { get; set; }

    /// <summary>The data as last acted on (the baseline, or what the last data-triggered run started for); null before the first poll.</summary>
    public SourceObservation? Seen { get; set; }

    /// <summary>The new data last reported as waiting for a busy run, so that it is reported once, not at every poll.</summary>
    public string? Waiting { get; set; }

    /// <summary>When the last data-triggered run started.</summary>
    public DateTimeOffset? LastDataRun { get; set; }

    /// <summary>The run in flight (or ended but not yet reported).</summary>
    public Task? Run { get; set; }

    /// <summary>What started <see cref="Run"/>.</summary>
    public RunTrigger? RunTrigger { get; set; }

    public bool Busy => Run is { IsCompleted: false };
}
