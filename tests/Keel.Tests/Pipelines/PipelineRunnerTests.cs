using Keel.Pipelines;
using Keel.Registry;
using Keel.Tests.Support;

namespace Keel.Tests.Pipelines;

public sealed class PipelineRunnerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private CreditWorkspace _workspace = null!;
    private readonly List<PipelineEvent> _events = [];

    public async Task InitializeAsync() => _workspace = await CreditWorkspace.CreateAsync(_clock);

    public Task DisposeAsync()
    {
        _workspace.Dispose();
        return Task.CompletedTask;
    }

    private const string Pipeline = """
        name: credit
        source: { file: credit.csv }
        checks:
          - type: row_count
            min: 100
        prepare:
          - kind: impute
            columns: [income]
            strategy: median
        split: { method: time, time_column: applied_at, test: 0.25 }
        train:
          label: defaulted
          algorithm: gbdt
          params: { rounds: 20, max_leaves: 7 }
        evaluate:
          gates: ["auc >= 0.6", "auc >= champion.auc - 0.05"]
        register: { model: credit, alias: champion }
        """;

    [Fact]
    public async Task RunAsync_FullPipeline_RegistersChampionAndTracksTheRun()
    {
        var result = await Runner().RunAsync(Parse(Pipeline), RunTrigger.Manual, _workspace.Temp.Combine("p.yaml"));

        Assert.True(result.Run.Status == RunStatus.Succeeded, Describe(result));
        Assert.Equal(["load", "validate", "split", "train", "evaluate", "report", "register"], result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.Equal(1, result.Registered!.Version);
        Assert.True(result.AliasMoved);
        Assert.Equal(result.Run.Id, result.Registered.RunId);
        var runs = _workspace.Services.Runs;
        var metrics = await runs.GetMetricsAsync(result.Run.Id);
        Assert.InRange(metrics["auc"], 0.6, 1);
        Assert.Equal(metrics["auc"], result.Registered.Metrics["auc"]);
        Assert.Equal(20, (await runs.GetMetricHistoryAsync(result.Run.Id)).Count(p => p.Name == "train_loss"));
        Assert.Equal("20", (await runs.GetParametersAsync(result.Run.Id))["rounds"]);
        Assert.Equal(["checks.json", "model.keel", "report.html"], (await runs.GetArtifactsAsync(result.Run.Id)).Select(a => a.Name));
        Assert.Equal("file", Assert.Single(await runs.GetInputsAsync(result.Run.Id)).Kind);
        Assert.Equal("models:/credit@champion", (await _workspace.Services.Registry.GetEventsAsync()).Last().Subject);
    }

    [Fact]
    public async Task RunAsync_SecondRunWithNothingChanged_IsServedFromCache()
    {
        var first = await Runner().RunAsync(Parse(Pipeline), RunTrigger.Manual, null);
        _events.Clear();

        var second = await Runner().RunAsync(Parse(Pipeline), RunTrigger.Manual, null);

        Assert.Equal(RunStatus.Succeeded, second.Run.Status);
        var cached = second.Steps.Where(s => s.Cached).Select(s => s.Name).ToArray();
        Assert.Equal(["split", "train", "report"], cached);
        Assert.Contains(_events, e => e is { Step: "train", Kind: StepEventKind.Cached });
        Assert.Equal(first.Registered!.Version, second.Registered!.Version);
        Assert.False(second.AliasMoved);
        // The cached steps' parameters and metrics are recorded in the new run too.
        Assert.Equal("20", (await _workspace.Services.Runs.GetParametersAsync(second.Run.Id))["rounds"]);
    }

    [Fact]
    public async Task RunAsync_ChangedParameter_RetrainsButReusesTheSplit()
    {
        await Runner().RunAsync(Parse(Pipeline), RunTrigger.Manual, null);

        var second = await Runner().RunAsync(Parse(Pipeline.Replace("rounds: 20", "rounds: 25", StringComparison.Ordinal)), RunTrigger.Manual, null);

        Assert.Equal(["split"], second.Steps.Where(s => s.Cached).Select(s => s.Name));
        Assert.Equal(2, second.Registered!.Version);
    }

    [Fact]
    public async Task RunAsync_GateFails_NothingRegisteredRunFailsEventPosted()
    {
        var spec = Parse(Pipeline.Replace("auc >= 0.6", "auc >= 0.99", StringComparison.Ordinal));

        var result = await Runner().RunAsync(spec, RunTrigger.Manual, null);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        var register = result.Steps.Single(s => s.Name == "register");
        Assert.Equal(StepStatus.Failed, register.Status);
        Assert.Contains("auc >= 0.99", register.Error, StringComparison.Ordinal);
        Assert.Null(result.Registered);
        Assert.Empty(await _workspace.Services.Registry.ListModelsAsync());
        Assert.Equal("gate.failed", (await _workspace.Services.Registry.GetEventsAsync()).Single().Kind);
        Assert.Contains("register", result.Run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailedCheck_SkipsTrainingButLetsIndependentStepsFinish()
    {
        var result = await Runner().RunAsync(Parse(Pipeline.Replace("min: 100", "min: 100000", StringComparison.Ordinal)), RunTrigger.Manual, null);

        Assert.Equal(RunStatus.Failed, result.Run.Status);
        var states = result.Steps.ToDictionary(s => s.Name, s => s.Status);
        Assert.Equal(StepStatus.Failed, states["validate"]);
        Assert.Equal(StepStatus.Succeeded, states["split"]);
        Assert.Equal(StepStatus.Skipped, states["train"]);
        Assert.Equal(StepStatus.Skipped, states["register"]);
        Assert.Contains("quality check", result.Steps.Single(s => s.Name == "validate").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadLabel_FailsWithoutRetrying()
    {
        var spec = Parse(Pipeline.Replace("label: defaulted", "label: nope", StringComparison.Ordinal)) with { Defaults = new StepPolicy(3, TimeSpan.FromSeconds(1), null) };

        var result = await Runner().RunAsync(spec, RunTrigger.Manual, null);

        var split = result.Steps.Single(s => s.Name == "split");
        Assert.Equal(StepStatus.Failed, split.Status);
        Assert.Equal(1, split.Attempts);
        Assert.Contains("nope", split.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Interrupted_ThenResumeContinuesFromSucceededSteps()
    {
        using var cancel = new CancellationTokenSource();
        var runner = new PipelineRunner(_workspace.Services, new Progress(e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
            if (e is { Step: "split", Kind: StepEventKind.Succeeded })
            {
                cancel.Cancel();
            }
        }));

        var interrupted = await runner.RunAsync(Parse(Pipeline), RunTrigger.Manual, _workspace.Temp.Combine("p.yaml"), cancel.Token);

        Assert.Equal(RunStatus.Interrupted, interrupted.Run.Status);
        Assert.Equal(StepStatus.Succeeded, interrupted.Steps.Single(s => s.Name == "split").Status);
        Assert.NotEqual(StepStatus.Succeeded, interrupted.Steps.Single(s => s.Name == "register").Status);
        _events.Clear();

        var resumed = await Runner().ResumeAsync(interrupted.Run.Id);

        Assert.Equal(interrupted.Run.Id, resumed.Run.Id);
        Assert.Equal(RunStatus.Succeeded, resumed.Run.Status);
        Assert.Contains(_events, e => e is { Step: "split", Kind: StepEventKind.Resumed });
        Assert.DoesNotContain(_events, e => e is { Step: "split", Kind: StepEventKind.Started });
        Assert.Equal(1, resumed.Registered!.Version);
    }

    [Fact]
    public async Task RunAsync_StepFailsTransiently_IsRetriedWithBackoff()
    {
        // The source file disappears after load: a missing artifact makes split fail with an I/O error, which is retryable.
        var spec = Parse(Pipeline) with { Defaults = new StepPolicy(1, TimeSpan.FromMilliseconds(1), null) };
        var runner = new PipelineRunner(_workspace.Services, new Progress(e =>
        {
            if (e is { Step: "load", Kind: StepEventKind.Succeeded })
            {
                foreach (var file in Directory.GetFiles(_workspace.Temp.Combine(".keel", "artifacts"), "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                    File.Delete(file);
                }
            }
        }));

        var result = await runner.RunAsync(spec, RunTrigger.Manual, null);

        var split = result.Steps.Single(s => s.Name == "split");
        Assert.Equal(StepStatus.Failed, split.Status);
        Assert.Equal(2, split.Attempts);
        Assert.Contains(await _workspace.Services.Runs.GetLogAsync(result.Run.Id), l => l.Level == "warning" && l.Message.Contains("retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_GlobSource_ConcatenatesFilesInNameOrder()
    {
        var lines = File.ReadAllLines(_workspace.Temp.Combine("credit.csv"));
        Directory.CreateDirectory(_workspace.Temp.Combine("parts"));
        File.WriteAllLines(_workspace.Temp.Combine("parts", "a.csv"), lines.Take(800));
        File.WriteAllLines(_workspace.Temp.Combine("parts", "b.csv"), [lines[0], .. lines.Skip(800)]);
        var spec = Parse(Pipeline.Replace("{ file: credit.csv }", "{ glob: 'parts/*.csv' }", StringComparison.Ordinal));

        var result = await Runner().RunAsync(spec, RunTrigger.Manual, null);

        Assert.Equal(RunStatus.Succeeded, result.Run.Status);
        Assert.Equal(2, (await _workspace.Services.Runs.GetInputsAsync(result.Run.Id)).Count);
        var metrics = await _workspace.Services.Runs.GetMetricsAsync(result.Run.Id);
        Assert.Equal(1500, metrics["train_rows"] + metrics["test_rows"]);
    }

    private static string Describe(PipelineRunResult result) =>
        $"{result.Run.Status}: {result.Run.Error}; " + string.Join("; ", result.Steps.Select(s => $"{s.Name}={s.Status} {s.Error}"));

    private PipelineRunner Runner() => new(_workspace.Services, new Progress(e =>
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }));

    private PipelineSpec Parse(string yaml) => PipelineFile.Parse(yaml, "p.yaml", _workspace.Temp.Path);

    /// <summary>Reports synchronously on the reporting thread (System.Progress posts to the thread pool, which races with assertions).</summary>
    private sealed class Progress(Action<PipelineEvent> report) : IProgress<PipelineEvent>
    {
        public void Report(PipelineEvent value) => report(value);
    }
}
