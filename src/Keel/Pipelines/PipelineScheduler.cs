using System.Globalization;
using Keel.Data.Quality;
using Keel.Registry;

namespace Keel.Pipelines;

/// <summary>
/// Starts pipeline runs on their <see cref="ScheduleSpec"/>: cron times (Quartz cron, in the schedule's time zone),
/// new data in the source (a new dataset version, a change in the files a glob matches), or whichever comes first.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why its own loop, not Quartz's scheduler.</b> Only Quartz's <see cref="Quartz.CronExpression"/> is used, for the
/// next fire times. Quartz's <c>IScheduler</c> does honour a fake <see cref="TimeProvider"/>, but it fires jobs from its
/// own thread onto the thread pool, so a test that advances the clock can only wait and hope the job has run. Here one
/// step, <see cref="TickAsync"/>, does everything due at the clock's current time and returns when every decision is
/// made and every run is started, so a test moves the clock, ticks, and asserts, with no sleeps and no races.
/// <see cref="RunAsync"/> is that step in a loop, waiting on the <see cref="TimeProvider"/>'s timers in between.
/// The data triggers needed their own polling anyway, and Quartz's misfire and concurrency settings map onto
/// the few rules below more simply written out than configured.
/// </para>
/// <para><b>Rules.</b></para>
/// <list type="bullet">
/// <item><description>Cron: a run at each time of the expression, with trigger <c>schedule</c> and the expression as
/// detail. The first fire is the first time after the scheduler is created. After a sleep (the process suspended, the
/// loop late) every missed time collapses into one catch-up run, and the next fire is the first time after now.</description></item>
/// <item><description>Data: the source is polled every poll interval. The first poll sets the baseline and starts no
/// run, so existing data does not start runs when the scheduler starts; a later poll that sees a higher dataset
/// version or a changed set of files (names, sizes, last write times) starts a run with trigger <c>data</c> and what
/// is new as detail (<c>credit:4</c>, <c>feb.csv</c>).</description></item>
/// <item><description>Mode <see cref="ScheduleMode.First"/>: a cron fire is skipped when a data-triggered run started
/// at or after the expression's previous time; mode <see cref="ScheduleMode.Any"/>: both fire independently.</description></item>
/// <item><description>One run per pipeline at a time: a cron fire during a run is skipped; new data seen during a run
/// is kept and starts one run at the first poll after the run ends, however many versions arrived meanwhile.</description></item>
/// <item><description>A run that fails or throws is reported (<see cref="ScheduleEventKind.Failed"/>) and changes
/// nothing else; a probe that throws is reported and retried at the next poll.</description></item>
/// </list>
/// <para>
/// Not thread-safe: call <see cref="TickAsync"/> (or <see cref="RunAsync"/>) from one caller at a time. The observer is
/// called on that caller's thread.
/// </para>
/// </remarks>
public sealed class PipelineScheduler
{
    /// <summary>How often sources are polled unless told otherwise: 30 seconds.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);

    // The loop wakes at least this often, so that a wall clock that jumped (a suspended machine) is noticed promptly
    // and no timer is armed beyond what System.Threading.Timer accepts.
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    private readonly ScheduledPipeline[] _pipelines;
    private readonly TimeProvider _time;
    private readonly ISourceProbe _probe;
    private readonly Func<PipelineSpec, RunTrigger, CancellationToken, Task> _startRun;
    private readonly TimeSpan _pollInterval;
    private readonly Action<ScheduleEvent> _observer;

    /// <summary>Creates a scheduler for <paramref name="pipelines"/>; cron times are counted from the clock's current time.</summary>
    /// <param name="pipelines">Pipelines with a schedule, distinct names; see <see cref="Problems"/>.</param>
    /// <param name="time">The clock and timers.</param>
    /// <param name="probe">Looks at the sources of pipelines with data triggers.</param>
    /// <param name="startRun">Starts a run and returns a task that ends with it (see <see cref="IPipelineLauncher.LaunchAsync"/>).</param>
    /// <param name="pollInterval">Time between two polls of a source, positive.</param>
    /// <param name="observer">Told of every fire, skip, run end and probe failure; null to ignore them.</param>
    /// <exception cref="ArgumentException">A pipeline has a problem listed by <see cref="Problems"/>, or two share a name.</exception>
    public PipelineScheduler(
        IEnumerable<PipelineSpec> pipelines,
        TimeProvider time,
        ISourceProbe probe,
        Func<PipelineSpec, RunTrigger, CancellationToken, Task> startRun,
        TimeSpan pollInterval,
        Action<ScheduleEvent>? observer = null)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(startRun);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var specs = pipelines.ToList();
        var problems = specs.SelectMany(Problems).ToList();
        problems.AddRange(specs.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: two pipelines have this name ({string.Join(", ", g.Select(s => s.SourceName))})"));
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(pipelines));
        }
        _time = time;
        _probe = probe;
        _startRun = startRun;
        _pollInterval = pollInterval;
        _observer = observer ?? (_ => { });
        var now = time.GetUtcNow();
        _pipelines = [.. specs.Select(s => new ScheduledPipeline(s, now))];
    }

    /// <summary>Why <paramref name="pipeline"/> cannot be scheduled, one message per problem; empty when it can.</summary>
    public static IReadOnlyList<string> Problems(PipelineSpec pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Schedule is null)
        {
            return [$"{pipeline.SourceName}: pipeline '{pipeline.Name}' has no 'schedule' section, so the scheduler would never run it"];
        }
        if (pipeline.Schedule.OnNewData && pipeline.Source.Kind == SourceKind.Dataset && SourceProbe.WatchedDataset(pipeline) is null)
        {
            return [$"{pipeline.SourceName}: 'on_new_data' watches dataset '{pipeline.Source.Value}', a pinned version that never changes; write the dataset name alone to follow its latest version"];
        }
        return [];
    }

    /// <summary>Parses a poll interval such as <c>30s</c>, <c>5m</c>, <c>1h</c>; false unless it is a positive duration.</summary>
    public static bool TryParsePollInterval(string text, out TimeSpan interval) =>
        DurationText.TryParse(text, out interval) && interval > TimeSpan.Zero;

    /// <summary>Each pipeline's schedule and next fire time, in the order given.</summary>
    public IReadOnlyList<ScheduleSummary> Summaries() =>
        [.. _pipelines.Select(p => new ScheduleSummary(p.Name, p.Spec.Schedule!.Cron, p.Spec.Schedule.TimeZone, p.NextFire,
            p.WatchesData ? DataTriggerText(p.Spec.Source) : null, p.Spec.Schedule.Mode))];

    /// <summary>
    /// Does what is due at the clock's current time: reports runs that ended, polls the sources whose poll is due,
    /// and fires the cron times that have come. Runs are started, not awaited; they get
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var pipeline in _pipelines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReportEnded(pipeline);
            var now = _time.GetUtcNow();
            if (pipeline.WatchesData && now >= pipeline.NextPoll)
            {
                await PollAsync(pipeline, now, cancellationToken).ConfigureAwait(false);
            }
            if (pipeline.NextFire is { } scheduled && now >= scheduled)
            {
                FireCron(pipeline, scheduled, now, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Ticks whenever something is due (a cron time, a poll, the end of a run) until <paramref name="cancellationToken"/>
    /// is cancelled; then waits for the runs in flight (they see the same token), reports them and returns.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            var wait = WaitUntilDue();
            using var waking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, _time, waking.Token);
            await Task.WhenAny([delay, .. Running()]).ConfigureAwait(false);
            await waking.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await Task.WhenAll(Running()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each run's outcome is reported below, one by one.
        }
        foreach (var pipeline in _pipelines)
        {
            ReportEnded(pipeline);
        }
    }

    private IEnumerable<Task> Running() => _pipelines.Where(p => p.Busy).Select(p => p.Run!);

    private TimeSpan WaitUntilDue()
    {
        var now = _time.GetUtcNow();
        var wait = LongestWait;
        foreach (var pipeline in _pipelines)
        {
            if (pipeline.NextFire is { } fire && fire - now < wait)
            {
                wait = fire - now;
            }
            if (pipeline.WatchesData && pipeline.NextPoll - now < wait)
            {
                wait = pipeline.NextPoll - now;
            }
        }
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private async Task PollAsync(ScheduledPipeline pipeline, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // From now, not from the due time: after a sleep one poll catches up, not one per missed interval.
        pipeline.NextPoll = now + _pollInterval;
        SourceObservation observed;
        try
        {
            observed = await _probe.ObserveAsync(pipeline.Spec, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Report(pipeline, ScheduleEventKind.ProbeFailed, null, ex.Message);
            return;
        }
        if (pipeline.Seen is null)
        {
            pipeline.Seen = observed;
            Report(pipeline, ScheduleEventKind.Baseline, null, observed.Describe());
            return;
        }
        var what = observed.NewSince(pipeline.Seen);
        if (what is null)
        {
            pipeline.Seen = observed;
            return;
        }
        var trigger = new RunTrigger("data", what);
        if (pipeline.Busy)
        {
            // Seen stays as it was, so the first poll after the run ends sees the new data again and starts one run.
            if (pipeline.Waiting != what)
            {
                pipeline.Waiting = what;
                Report(pipeline, ScheduleEventKind.Skipped, trigger, "a run is still going; new data will start a run when it ends");
            }
            return;
        }
        pipeline.Seen = observed;
        pipeline.Waiting = null;
        pipeline.LastDataRun = now;
        Start(pipeline, trigger, null, cancellationToken);
    }

    private void FireCron(ScheduledPipeline pipeline, DateTimeOffset scheduled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cron = pipeline.Cron!;
        pipeline.NextFire = cron.GetNextValidTimeAfter(now);
        var trigger = new RunTrigger("schedule", cron.CronExpressionString);
        var previous = cron.GetPreviousValidTimeBefore(scheduled);
        if (pipeline.Spec.Schedule!.Mode == ScheduleMode.First && pipeline.LastDataRun is { } dataRun && (previous is null || dataRun >= previous))
        {
            Report(pipeline, ScheduleEventKind.Skipped, trigger,
                $"a data-triggered run started at {Text(dataRun)}, after the previous scheduled time{(previous is { } p ? " " + Text(p) : "")} (mode first)");
            return;
        }
        if (pipeline.Busy)
        {
            Report(pipeline, ScheduleEventKind.Skipped, trigger, $"the run for {Text(scheduled)} found a run still going");
            return;
        }
        var late = cron.GetNextValidTimeAfter(scheduled) is { } following && following <= now
            ? $"catch-up for the times missed since {Text(scheduled)}"
            : null;
        Start(pipeline, trigger, late, cancellationToken);
    }

    private void Start(ScheduledPipeline pipeline, RunTrigger trigger, string? detail, CancellationToken cancellationToken)
    {
        try
        {
            pipeline.Run = _startRun(pipeline.Spec, trigger, cancellationToken) ?? Task.CompletedTask;
        }
        catch (Exception ex)
        {
            pipeline.Run = Task.FromException(ex);
        }
        pipeline.RunTrigger = trigger;
        Report(pipeline, ScheduleEventKind.Started, trigger, detail);
    }

    private void ReportEnded(ScheduledPipeline pipeline)
    {
        if (pipeline.Run is not { IsCompleted: true } run)
        {
            return;
        }
        pipeline.Run = null;
        if (run.IsCompletedSuccessfully)
        {
            Report(pipeline, ScheduleEventKind.Succeeded, pipeline.RunTrigger, null);
        }
        else
        {
            Report(pipeline, ScheduleEventKind.Failed, pipeline.RunTrigger, run.IsCanceled ? "cancelled" : run.Exception!.InnerException!.Message);
        }
    }

    private void Report(ScheduledPipeline pipeline, ScheduleEventKind kind, RunTrigger? trigger, string? detail) =>
        _observer(new ScheduleEvent(_time.GetUtcNow(), pipeline.Name, kind, trigger, detail));

    private static string DataTriggerText(SourceSpec source) =>
        source.Kind == SourceKind.Dataset ? $"dataset {source.Value}" : $"files {source.Value}";

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
