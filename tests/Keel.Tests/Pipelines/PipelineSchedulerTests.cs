using System.Security.Cryptography;
using System.Text;
using Keel.Pipelines;
using Keel.Registry;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Pipelines;

public sealed class PipelineSchedulerTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 27, 0, 0, 0, TimeSpan.Zero));
    private readonly List<(string Pipeline, RunTrigger Trigger, DateTimeOffset At)> _runs = [];
    private readonly List<ScheduleEvent> _events = [];
    private MetadataStore _store = null!;
    private DatasetCatalog _catalog = null!;

    /// <summary>What each started run returns; completed by default.</summary>
    private Func<CancellationToken, Task> _run = _ => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        _catalog = new DatasetCatalog(_store, actor: "tester");
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TickAsync_DailyCronInBerlin_FiresAtNineLocalAcrossTheDaylightSavingChange()
    {
        var scheduler = Scheduler(Pipeline("daily", "cron: \"0 0 9 * * ?\"\n  time_zone: Europe/Berlin"));

        await TickEveryAsync(TimeSpan.FromHours(1), TimeSpan.FromDays(4), scheduler);

        // Berlin is UTC+1 until 2026-03-29 02:00 local, UTC+2 after.
        Assert.Equal(
            [At(3, 27, 8), At(3, 28, 8), At(3, 29, 7), At(3, 30, 7)],
            _runs.Select(r => r.At));
        Assert.All(_runs, r => Assert.Equal(new RunTrigger("schedule", "0 0 9 * * ?"), r.Trigger));
    }

    [Fact]
    public async Task TickAsync_EveryFifteenMinutesUtc_FiresOnTheQuarterHoursOnly()
    {
        var scheduler = Scheduler(Pipeline("quarterly", "cron: \"0 0/15 * * * ?\""));

        await TickEveryAsync(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), scheduler);

        Assert.Equal([At(3, 27, 0, 15), At(3, 27, 0, 30), At(3, 27, 0, 45), At(3, 27, 1, 0)], _runs.Select(r => r.At));
    }

    [Fact]
    public async Task TickAsync_AfterSleepingThroughFiveTimes_RunsOneCatchUpAndResumesTheSchedule()
    {
        var scheduler = Scheduler(Pipeline("hourly", "cron: \"0 0 * * * ?\""));

        _clock.Advance(TimeSpan.FromHours(5.5));
        await scheduler.TickAsync(default);
        await scheduler.TickAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await scheduler.TickAsync(default);

        Assert.Equal([At(3, 27, 5, 30), At(3, 27, 6)], _runs.Select(r => r.At));
        var started = _events.Where(e => e.Kind == ScheduleEventKind.Started).ToList();
        Assert.Contains("catch-up", started[0].Detail, StringComparison.Ordinal);
        Assert.Null(started[1].Detail);
    }

    [Fact]
    public async Task TickAsync_NewDatasetVersions_RunOncePerVersionButNotForDataPresentAtStartup()
    {
        await AddVersionAsync("credit", "v1");
        var scheduler = Scheduler(Pipeline("credit-risk", "on_new_data: true", source: "dataset: credit"));

        await scheduler.TickAsync(default);
        await TickAfterAsync(Poll, scheduler);
        Assert.Empty(_runs);
        Assert.Equal("credit:1", Assert.Single(_events, e => e.Kind == ScheduleEventKind.Baseline).Detail);

        await AddVersionAsync("credit", "v2");
        await TickAfterAsync(Poll, scheduler);
        await TickAfterAsync(Poll, scheduler);
        await AddVersionAsync("credit", "v3");
        await TickAfterAsync(TimeSpan.FromSeconds(10), scheduler);
        await TickAfterAsync(TimeSpan.FromSeconds(20), scheduler);
        await TickAfterAsync(Poll, scheduler);

        Assert.Equal([new RunTrigger("data", "credit:2"), new RunTrigger("data", "credit:3")], _runs.Select(r => r.Trigger));
        Assert.Equal([At(3, 27, 0, 1), At(3, 27, 0, 2)], _runs.Select(r => r.At));
    }

    [Fact]
    public async Task TickAsync_DatasetWithNoVersionYet_RunsForItsFirstVersion()
    {
        var scheduler = Scheduler(Pipeline("credit-risk", "on_new_data: true", source: "dataset: credit"));
        await scheduler.TickAsync(default);

        await AddVersionAsync("credit", "v1");
        await TickAfterAsync(Poll, scheduler);

        Assert.Equal(new RunTrigger("data", "credit:1"), Assert.Single(_runs).Trigger);
    }

    [Fact]
    public async Task TickAsync_GlobGetsANewFileAndARewrittenOne_RunsNamingThem()
    {
        Directory.CreateDirectory(_temp.Combine("data"));
        File.WriteAllText(_temp.Combine("data", "jan.csv"), "a\n1\n");
        File.WriteAllText(_temp.Combine("data", "notes.txt"), "x");
        var scheduler = Scheduler(Pipeline("files", "on_new_data: true", source: "glob: data/*.csv"));
        await scheduler.TickAsync(default);

        File.WriteAllText(_temp.Combine("data", "feb.csv"), "a\n2\n");
        File.WriteAllText(_temp.Combine("data", "jan.csv"), "a\n1\n3\n");
        File.WriteAllText(_temp.Combine("data", "notes.txt"), "changed");
        await TickAfterAsync(Poll, scheduler);
        await TickAfterAsync(Poll, scheduler);
        File.Delete(_temp.Combine("data", "feb.csv"));
        await TickAfterAsync(Poll, scheduler);

        Assert.Equal(
            [new RunTrigger("data", "feb.csv, jan.csv"), new RunTrigger("data", "removed feb.csv")],
            _runs.Select(r => r.Trigger));
    }

    [Fact]
    public async Task TickAsync_ModeFirst_SkipsTheCronFireAfterADataRunAndFiresTheOneAfter()
    {
        var runs = await CronAndDataAsync("first");

        Assert.Equal([("data", At(3, 27, 0, 20)), ("schedule", At(3, 27, 2))], runs);
        var skipped = Assert.Single(_events, e => e.Kind == ScheduleEventKind.Skipped);
        Assert.Equal(new RunTrigger("schedule", "0 0 * * * ?"), skipped.Trigger);
        Assert.Equal(At(3, 27, 1), skipped.At);
        Assert.Contains("mode first", skipped.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickAsync_ModeAny_FiresTheCronAfterADataRunToo()
    {
        var runs = await CronAndDataAsync("any");

        Assert.Equal([("data", At(3, 27, 0, 20)), ("schedule", At(3, 27, 1)), ("schedule", At(3, 27, 2))], runs);
        Assert.DoesNotContain(_events, e => e.Kind == ScheduleEventKind.Skipped);
    }

    [Fact]
    public async Task TickAsync_CronFiresWhileARunIsGoing_SkipsThemAndFiresAgainAfterItEnds()
    {
        var running = new TaskCompletionSource();
        _run = _ => running.Task;
        var scheduler = Scheduler(Pipeline("minutely", "cron: \"0 * * * * ?\""));

        await TickAfterAsync(TimeSpan.FromMinutes(1), scheduler);
        await TickAfterAsync(TimeSpan.FromMinutes(1), scheduler);
        await TickAfterAsync(TimeSpan.FromMinutes(1), scheduler);
        running.SetResult();
        _run = _ => Task.CompletedTask;
        await TickAfterAsync(TimeSpan.FromMinutes(1), scheduler);

        Assert.Equal([At(3, 27, 0, 1), At(3, 27, 0, 4)], _runs.Select(r => r.At));
        Assert.Equal(2, _events.Count(e => e.Kind == ScheduleEventKind.Skipped));
        Assert.Equal(
            [ScheduleEventKind.Started, ScheduleEventKind.Skipped, ScheduleEventKind.Skipped, ScheduleEventKind.Succeeded, ScheduleEventKind.Started],
            _events.Select(e => e.Kind));
    }

    [Fact]
    public async Task TickAsync_VersionsArriveWhileARunIsGoing_CoalescesThemIntoOneRunAfterIt()
    {
        await AddVersionAsync("credit", "v1");
        var running = new TaskCompletionSource();
        var scheduler = Scheduler(Pipeline("credit-risk", "on_new_data: true", source: "dataset: credit"));
        await scheduler.TickAsync(default);
        await AddVersionAsync("credit", "v2");
        _run = _ => running.Task;
        await TickAfterAsync(Poll, scheduler);

        await AddVersionAsync("credit", "v3");
        await TickAfterAsync(Poll, scheduler);
        await TickAfterAsync(Poll, scheduler);
        await AddVersionAsync("credit", "v4");
        await TickAfterAsync(Poll, scheduler);
        running.SetResult();
        _run = _ => Task.CompletedTask;
        await TickAfterAsync(Poll, scheduler);
        await TickAfterAsync(Poll, scheduler);

        Assert.Equal(["credit:2", "credit:4"], _runs.Select(r => r.Trigger.Detail));
        Assert.Equal(["credit:3", "credit:4"], _events.Where(e => e.Kind == ScheduleEventKind.Skipped).Select(e => e.Trigger!.Detail));
    }

    [Fact]
    public async Task TickAsync_RunsThatFailOrThrow_AreReportedAndTheScheduleGoesOn()
    {
        var attempt = 0;
        _run = _ => ++attempt switch
        {
            1 => throw new InvalidOperationException("boom at start"),
            2 => Task.FromException(new IOException("disk full")),
            _ => Task.CompletedTask,
        };
        var scheduler = Scheduler(Pipeline("hourly", "cron: \"0 0 * * * ?\""));

        await TickEveryAsync(TimeSpan.FromHours(1), TimeSpan.FromHours(4), scheduler);
        await TickAfterAsync(TimeSpan.FromMinutes(1), scheduler);

        Assert.Equal(4, _runs.Count);
        Assert.Equal(["boom at start", "disk full"], _events.Where(e => e.Kind == ScheduleEventKind.Failed).Select(e => e.Detail));
        Assert.Equal(2, _events.Count(e => e.Kind == ScheduleEventKind.Succeeded));
    }

    [Fact]
    public async Task TickAsync_ProbeFails_ReportsItAndPollsAgainLater()
    {
        var scheduler = Scheduler(Pipeline("credit-risk", "on_new_data: true", source: "dataset: credit"));
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_temp.Combine("keel.db"));
        Directory.CreateDirectory(_temp.Combine("keel.db"));

        await scheduler.TickAsync(default);

        Assert.Equal(ScheduleEventKind.ProbeFailed, Assert.Single(_events).Kind);
        Assert.Empty(_runs);
    }

    [Fact]
    public async Task RunAsync_Cancelled_CancelsTheRunInFlightReportsItAndReturns()
    {
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        _run = async ct =>
        {
            started.SetResult(ct);
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        };
        var scheduler = Scheduler(Pipeline("hourly", "cron: \"0 0 * * * ?\""));
        _clock.Advance(TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();

        var loop = scheduler.RunAsync(stop.Token);
        var runToken = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(runToken.IsCancellationRequested);
        Assert.Equal("cancelled", Assert.Single(_events, e => e.Kind == ScheduleEventKind.Failed).Detail);
        Assert.Single(_runs);
    }

    [Fact]
    public void Constructor_PipelineWithoutScheduleOrPinnedDataset_ThrowsNamingTheProblems()
    {
        var unscheduled = PipelineFile.Parse(Yaml("plain", "dataset: credit", schedule: null), "plain.yaml", _temp.Path);
        var pinned = Pipeline("pinned", "on_new_data: true", source: "dataset: credit:3");

        var error = Assert.Throws<ArgumentException>(() => Scheduler(unscheduled, pinned));

        Assert.Contains("no 'schedule' section", error.Message, StringComparison.Ordinal);
        Assert.Contains("pinned version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summaries_CronAndData_ShowNextFireInUtcAndWhatIsWatched()
    {
        var scheduler = Scheduler(Pipeline("both", "cron: \"0 0 9 * * ?\"\n  time_zone: Europe/Berlin\n  on_new_data: true", source: "dataset: credit"));

        var summary = Assert.Single(scheduler.Summaries());

        Assert.Equal(At(3, 27, 8), summary.NextFire);
        Assert.Equal("dataset credit", summary.DataTrigger);
        Assert.Equal(ScheduleMode.First, summary.Mode);
    }

    private async Task<List<(string Kind, DateTimeOffset At)>> CronAndDataAsync(string mode)
    {
        await AddVersionAsync("credit", "v1");
        var scheduler = Scheduler(Pipeline("credit-risk", $"cron: \"0 0 * * * ?\"\n  on_new_data: true\n  mode: {mode}", source: "dataset: credit"));
        await scheduler.TickAsync(default);
        _clock.Advance(TimeSpan.FromMinutes(19.5));
        await AddVersionAsync("credit", "v2");

        await TickEveryAsync(Poll, TimeSpan.FromMinutes(120), scheduler);

        return [.. _runs.Select(r => (r.Trigger.Kind, r.At))];
    }

    private PipelineScheduler Scheduler(params PipelineSpec[] pipelines) =>
        new(pipelines, _clock, new SourceProbe(_catalog), StartRun, Poll, _events.Add);

    private Task StartRun(PipelineSpec pipeline, RunTrigger trigger, CancellationToken cancellationToken)
    {
        _runs.Add((pipeline.Name, trigger, _clock.GetUtcNow()));
        return _run(cancellationToken);
    }

    private PipelineSpec Pipeline(string name, string schedule, string source = "glob: data/*.csv") =>
        PipelineFile.Parse(Yaml(name, source, schedule), name + ".yaml", _temp.Path);

    private static string Yaml(string name, string source, string? schedule) => $"""
        name: {name}
        source:
          {source}
        train:
          label: y
          algorithm: logistic
        """ + (schedule is null ? "" : $"\nschedule:\n  {schedule}\n");

    private async Task TickAfterAsync(TimeSpan delta, PipelineScheduler scheduler)
    {
        _clock.Advance(delta);
        await scheduler.TickAsync(default);
    }

    private async Task TickEveryAsync(TimeSpan step, TimeSpan total, PipelineScheduler scheduler)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            await TickAfterAsync(step, scheduler);
        }
    }

    private Task AddVersionAsync(string dataset, string content) =>
        _catalog.AddVersionAsync(dataset, ArtifactId.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(content))), """{"columns":[]}""", "{}", 1, 1, 1, null);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
}
