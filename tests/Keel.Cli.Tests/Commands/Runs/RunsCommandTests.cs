using System.Text.Json;
using Keel.Cli.Tests.Support;
using Keel.Pipelines;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Cli.Tests.Commands.Runs;

/// <summary>
/// <c>keel runs list|show|compare</c> against a workspace whose runs are written through <see cref="RunCatalog"/> on the
/// runner's fake clock: run 1 (credit, scheduled, succeeded, registered credit v1), run 2 (credit, manual, failed at
/// its gate) and run 3 (churn, triggered by data, still running).
/// </summary>
public sealed class RunsCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task ListJson_ThreeRuns_NewestFirstWithStatusTriggerDurationAndMetrics()
    {
        await SeedAsync();

        var runs = (await RunOkAsync("runs", "list", "--json")).Json().EnumerateArray().ToArray();

        Assert.Equal([3L, 2L, 1L], runs.Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal(["running", "failed", "succeeded"], runs.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("schedule", runs[2].GetProperty("trigger").GetProperty("kind").GetString());
        Assert.Equal("0 3 * * *", runs[2].GetProperty("trigger").GetProperty("detail").GetString());
        Assert.Equal(90, runs[2].GetProperty("duration_seconds").GetDouble());
        Assert.False(runs[0].TryGetProperty("duration_seconds", out _));
        Assert.Equal(0.81, runs[2].GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal("gate failed: auc >= 0.8", runs[1].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(new long[] { 2, 1 }, "--pipeline", "credit")]
    [InlineData(new long[] { 2 }, "--status", "failed")]
    [InlineData(new long[] { 1 }, "--pipeline", "credit", "--status", "succeeded")]
    [InlineData(new long[] { 3, 2 }, "--limit", "2")]
    [InlineData(new long[0], "--pipeline", "churn", "--status", "failed")]
    public async Task ListJson_Filters_KeepOnlyMatchingRuns(long[] expected, params string[] filters)
    {
        await SeedAsync();

        var runs = (await RunOkAsync(["runs", "list", "--json", .. filters])).Json().EnumerateArray();

        Assert.Equal(expected, runs.Select(r => r.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task ListTable_ThreeRuns_ShowsStatusTriggerTimeDurationAndHeadlineMetrics()
    {
        await SeedAsync();

        var table = (await RunOkAsync("runs", "list")).Stdout;

        var first = Line(table, "credit", "succeeded");
        Assert.Contains("schedule: 0 3 * * *", first, StringComparison.Ordinal);
        Assert.Contains("2026-01-02 03:04:05", first, StringComparison.Ordinal);
        Assert.Contains("1m 30s", first, StringComparison.Ordinal);
        Assert.Contains("auc 0.81, log_loss 0.42", first, StringComparison.Ordinal);
        Assert.Contains("data: customers:2", Line(table, "churn", "running"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NoRunsYet_SaysHowToStartOne()
    {
        await RunOkAsync("init");

        var empty = await RunOkAsync("runs", "list");
        var json = await RunOkAsync("runs", "list", "--json");

        Assert.Contains("No runs yet", empty.Stdout, StringComparison.Ordinal);
        Assert.Empty(json.Json().EnumerateArray());
    }

    [Fact]
    public async Task ShowJson_SucceededRun_HasStepsParametersMetricsCurvesArtifactsAndLineage()
    {
        await SeedAsync();

        var run = (await RunOkAsync("runs", "show", "1", "--json")).Json();

        Assert.Equal("credit", run.GetProperty("pipeline").GetString());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.False(run.TryGetProperty("owner", out _));
        var steps = run.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(["load", "train", "register"], steps.Select(s => s.GetProperty("name").GetString()));
        Assert.True(steps[0].GetProperty("cached").GetBoolean());
        Assert.Equal(2, steps[1].GetProperty("attempts").GetInt32());
        Assert.Equal(60, steps[1].GetProperty("duration_seconds").GetDouble());
        Assert.Equal("20", run.GetProperty("parameters").GetProperty("rounds").GetString());
        Assert.Equal(0.21, run.GetProperty("metrics").GetProperty("train_loss").GetDouble(), 12);
        var curve = run.GetProperty("curves").GetProperty("train_loss").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(100, curve.Length);
        Assert.Equal(0.45, curve[0], 12);
        Assert.False(run.GetProperty("curves").TryGetProperty("auc", out _));
        var artifact = run.GetProperty("artifacts").EnumerateArray().Single();
        Assert.Equal("model.keel", artifact.GetProperty("name").GetString());
        Assert.Equal(ModelBytes.Length, artifact.GetProperty("bytes").GetInt64());
        Assert.Equal(ModelBytes, File.ReadAllBytes(artifact.GetProperty("path").GetString()!));
        var input = run.GetProperty("lineage").GetProperty("inputs").EnumerateArray().Single();
        Assert.Equal("credit:1", input.GetProperty("reference").GetString());
        var model = run.GetProperty("lineage").GetProperty("models").EnumerateArray().Single();
        Assert.Equal("models:/credit/1", model.GetProperty("reference").GetString());
        Assert.Equal(["champion"], model.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.False(run.TryGetProperty("log", out _));
    }

    [Fact]
    public async Task ShowJsonWithLog_RunningRun_HasOwnerAndTheLogInOrder()
    {
        await SeedAsync();

        var run = (await RunOkAsync("runs", "show", "3", "--json", "--log")).Json();

        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal(RunCatalog.CurrentOwner, run.GetProperty("owner").GetString());
        Assert.Equal(["profiling", "training"], run.GetProperty("log").EnumerateArray().Select(l => l.GetProperty("message").GetString()));
        Assert.Empty(run.GetProperty("lineage").GetProperty("models").EnumerateArray());
    }

    [Fact]
    public async Task ShowTable_SucceededRun_PrintsEverySectionWithTheCurveSummary()
    {
        await SeedAsync();

        var text = (await RunOkAsync("runs", "show", "1", "--log")).Stdout;

        Assert.Contains("schedule: 0 3 * * *", text, StringComparison.Ordinal);
        Assert.Contains("1m 30s", text, StringComparison.Ordinal);
        Assert.Contains("yes", Line(text, "load"), StringComparison.Ordinal);
        Assert.Contains("timed out", Line(text, "train", "succeeded"), StringComparison.Ordinal);
        Assert.Contains("learning_rate", text, StringComparison.Ordinal);
        var curve = Line(text, "train_loss");
        Assert.Contains("0.45 → 0.21 over 100 steps █", curve, StringComparison.Ordinal);
        Assert.EndsWith("▁", curve.TrimEnd(' ', '│'), StringComparison.Ordinal);
        Assert.Contains("sha256:", Line(text, "model.keel"), StringComparison.Ordinal);
        Assert.Contains(Path.Combine(".keel", "artifacts", "sha256"), Line(text, "model.keel"), StringComparison.Ordinal);
        Assert.Contains("14 B", Line(text, "model.keel"), StringComparison.Ordinal);
        var lineage = Line(text, "→", "run 1");
        Assert.Contains("dataset credit:1", lineage, StringComparison.Ordinal);
        Assert.Contains("models:/credit/1 (champion)", lineage, StringComparison.Ordinal);
        Assert.Contains("registered credit v1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowTable_FailedRun_PrintsTheErrorAndTheFailedStep()
    {
        await SeedAsync();

        var text = (await RunOkAsync("runs", "show", "2")).Stdout;

        Assert.Contains("gate failed: auc >= 0.8", Line(text, "error"), StringComparison.Ordinal);
        Assert.Contains("auc 0.78 < 0.8", Line(text, "evaluate", "failed"), StringComparison.Ordinal);
        Assert.Contains("(none registered)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("log", text.Split('\n').Select(l => l.Trim()), StringComparer.Ordinal);
    }

    [Fact]
    public async Task CompareJson_TwoRuns_MarksDifferencesAndTheBestValuePerDirection()
    {
        await SeedAsync();

        var comparison = (await RunOkAsync("runs", "compare", "1", "2", "--json")).Json();

        Assert.Equal([1L, 2L], comparison.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        var parameters = Rows(comparison, "parameters");
        Assert.True(parameters["rounds"].GetProperty("differs").GetBoolean());
        Assert.Equal(["20", "40"], parameters["rounds"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.False(parameters["learning_rate"].GetProperty("differs").GetBoolean());
        var metrics = Rows(comparison, "metrics");
        Assert.Equal([1L], Best(metrics["auc"]));
        Assert.True(metrics["auc"].GetProperty("higher_is_better").GetBoolean());
        Assert.Equal([2L], Best(metrics["log_loss"]));
        Assert.False(metrics["log_loss"].GetProperty("higher_is_better").GetBoolean());
        Assert.Equal([1L], Best(metrics["train_loss"]));
        Assert.False(metrics["train_rows"].GetProperty("differs").GetBoolean());
        Assert.Empty(Best(metrics["train_rows"]));
        Assert.Equal(JsonValueKind.Null, metrics["mae"].GetProperty("values")[0].ValueKind);
    }

    [Fact]
    public async Task CompareTable_ThreeRuns_OneColumnPerRunWithMarksWhereAnyRunDiffersOrLacksTheValue()
    {
        await SeedAsync();

        var text = (await RunOkAsync("runs", "compare", "1", "2", "3")).Stdout;

        Assert.Contains("run 1", text, StringComparison.Ordinal);
        Assert.Contains("run 3", text, StringComparison.Ordinal);
        Assert.Contains("rounds ≠", Line(text, "rounds"), StringComparison.Ordinal);
        Assert.Contains("learning_rate ≠", Line(text, "learning_rate"), StringComparison.Ordinal);
        Assert.DoesNotContain("★", Line(text, "learning_rate"), StringComparison.Ordinal);
        Assert.Contains("0.81 ★", Line(text, "auc"), StringComparison.Ordinal);
        Assert.Contains("0.4 ★", Line(text, "log_loss"), StringComparison.Ordinal);
        Assert.Contains("—", Line(text, "auc"), StringComparison.Ordinal);
        Assert.Contains("train_rows ≠", Line(text, "train_rows"), StringComparison.Ordinal);
        Assert.DoesNotContain("★", Line(text, "train_rows"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no run 9; `keel runs list` shows the runs", "runs", "show", "9")]
    [InlineData("no run 9; `keel runs list` shows the runs", "runs", "compare", "1", "9")]
    [InlineData("'one' is not a run number; `keel runs list` shows the runs", "runs", "show", "one")]
    [InlineData("compare needs at least two runs", "runs", "compare", "1")]
    [InlineData("run 1 is named twice", "runs", "compare", "1", "1")]
    [InlineData("--limit must be at least 1, got 0", "runs", "list", "--limit", "0")]
    [InlineData("done", "runs", "list", "--status", "done")]
    [InlineData("Required argument missing", "runs", "compare")]
    public async Task Command_BadInput_ExitsTwoWithAClearMessage(string message, params string[] args)
    {
        await SeedAsync();

        var result = await _keel.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("runs", "list")]
    [InlineData("runs", "show", "1", "--json")]
    [InlineData("runs", "compare", "1", "2")]
    public async Task Command_NoWorkspace_ExitsTwoSayingHowToCreateOne(params string[] args)
    {
        var result = await _keel.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains("no Keel workspace here or above", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task ShowAndCompare_RunsOfTheRealPipelineRunner_ReportWhatItRecorded()
    {
        await RunOkAsync("init");
        var workspace = KeelWorkspace.Open(_keel.Directory);
        using (var store = await MetadataStore.OpenAsync(workspace, _keel.Clock))
        {
            var runner = new PipelineRunner(new PipelineServices(workspace, store, new ArtifactStore(workspace)));
            foreach (var rounds in new[] { 10, 20 })
            {
                var result = await runner.RunAsync(PipelineFile.Parse(CreditPipeline(rounds), "p.yaml", _keel.Directory), RunTrigger.Manual, null);
                Assert.Equal(RunStatus.Succeeded, result.Run.Status);
            }
        }

        var show = (await RunOkAsync("runs", "show", "2", "--json")).Json();
        var compare = (await RunOkAsync("runs", "compare", "1", "2", "--json")).Json();
        var table = (await RunOkAsync("runs", "show", "2")).Stdout;

        Assert.Equal(20, show.GetProperty("curves").GetProperty("train_loss").GetArrayLength());
        Assert.Equal("file", show.GetProperty("lineage").GetProperty("inputs")[0].GetProperty("kind").GetString());
        Assert.Equal("models:/credit/2", show.GetProperty("lineage").GetProperty("models")[0].GetProperty("reference").GetString());
        Assert.Contains("model.keel", show.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Contains("over 20 steps", Line(table, "train_loss"), StringComparison.Ordinal);
        var parameters = Rows(compare, "parameters");
        Assert.Equal(["10", "20"], parameters["rounds"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        var auc = Rows(compare, "metrics")["auc"];
        Assert.InRange(auc.GetProperty("values")[0].GetDouble(), 0.5, 1.0);
        Assert.Single(Best(auc));
    }

    private static string CreditPipeline(int rounds) => $$"""
        name: credit
        source: { file: "{{Path.Combine(RepoFiles.Root, "examples", "credit-risk", "data", "credit.csv")}}" }
        split: { method: time, time_column: applied_at, test: 0.25 }
        train:
          label: defaulted
          algorithm: gbdt
          params: { rounds: {{rounds}}, max_leaves: 7 }
        evaluate:
          gates: ["auc >= 0.5"]
        register: { model: credit }
        """;

    private static readonly byte[] ModelBytes = "not a model \n\n"u8.ToArray();

    /// <summary><c>keel init</c>, then the three runs described on the class, each step on the fake clock.</summary>
    private async Task SeedAsync()
    {
        await RunOkAsync("init");
        var workspace = KeelWorkspace.Open(_keel.Directory);
        using var store = await MetadataStore.OpenAsync(workspace, _keel.Clock);
        var runs = new RunCatalog(store, "tester");

        var one = await runs.StartAsync("credit", new RunTrigger("schedule", "0 3 * * *"), "credit.yaml", "{}", ["load", "train", "register"]);
        await runs.StepStartedAsync(one.Id, "load", "k-load");
        await runs.StepEndedAsync(one.Id, "load", StepStatus.Succeeded, "k-load", cached: true, "{}", null);
        await runs.StepStartedAsync(one.Id, "train", "k-train");
        _keel.Clock.Advance(TimeSpan.FromSeconds(30));
        await runs.StepStartedAsync(one.Id, "train", "k-train");
        _keel.Clock.Advance(TimeSpan.FromSeconds(30));
        await runs.StepEndedAsync(one.Id, "train", StepStatus.Succeeded, "k-train", cached: false, "{}", "attempt 1 timed out");
        await runs.LogParametersAsync(one.Id, new Dictionary<string, string> { ["rounds"] = "20", ["learning_rate"] = "0.1" });
        await runs.LogMetricsAsync(one.Id, new Dictionary<string, double> { ["auc"] = 0.81, ["log_loss"] = 0.42, ["train_rows"] = 900 });
        await runs.LogMetricPointsAsync(one.Id, Enumerable.Range(1, 100).Select(i => ("train_loss", (long)i, 0.45 - (0.24 * (i - 1) / 99))).ToArray());
        var stored = await new ArtifactStore(workspace).PutAsync(new MemoryStream(ModelBytes));
        await runs.AddArtifactAsync(one.Id, "model.keel", stored.Id, stored.Size);
        await runs.AddInputAsync(one.Id, "dataset", "credit:1", "sha256:" + new string('a', 64));
        var registry = new ModelRegistry(store);
        await registry.RegisterAsync("credit", stored.Id, "gbdt", "binary", new Dictionary<string, double> { ["auc"] = 0.81 }, one.Id);
        await registry.SetAliasAsync("credit", "champion", 1);
        await runs.StepStartedAsync(one.Id, "register", null);
        await runs.StepEndedAsync(one.Id, "register", StepStatus.Succeeded, null, cached: false, "{}", null);
        await runs.LogAsync(one.Id, "register", "info", "registered credit v1");
        _keel.Clock.Advance(TimeSpan.FromSeconds(30));
        await runs.FinishAsync(one.Id, RunStatus.Succeeded, null);

        var two = await runs.StartAsync("credit", RunTrigger.Manual, "credit.yaml", "{}", ["train", "evaluate"]);
        await runs.StepStartedAsync(two.Id, "train", "k-train-2");
        await runs.StepEndedAsync(two.Id, "train", StepStatus.Succeeded, "k-train-2", cached: false, "{}", null);
        await runs.StepStartedAsync(two.Id, "evaluate", null);
        await runs.StepEndedAsync(two.Id, "evaluate", StepStatus.Failed, null, cached: false, null, "auc 0.78 < 0.8");
        await runs.LogParametersAsync(two.Id, new Dictionary<string, string> { ["rounds"] = "40", ["learning_rate"] = "0.1" });
        await runs.LogMetricsAsync(two.Id, new Dictionary<string, double> { ["auc"] = 0.78, ["log_loss"] = 0.40, ["train_rows"] = 900, ["mae"] = 0.3 });
        await runs.LogMetricPointsAsync(two.Id, [("train_loss", 1, 0.5), ("train_loss", 2, 0.3)]);
        _keel.Clock.Advance(TimeSpan.FromSeconds(5));
        await runs.FinishAsync(two.Id, RunStatus.Failed, "gate failed: auc >= 0.8");

        var three = await runs.StartAsync("churn", new RunTrigger("data", "customers:2"), null, null, ["load"]);
        await runs.LogAsync(three.Id, null, "info", "profiling");
        await runs.LogAsync(three.Id, "load", "info", "training");
    }

    /// <summary>The first line of <paramref name="text"/> holding every one of <paramref name="parts"/>.</summary>
    private static string Line(string text, params string[] parts) =>
        text.Split('\n').FirstOrDefault(line => parts.All(p => line.Contains(p, StringComparison.Ordinal)))
        ?? throw new Xunit.Sdk.XunitException($"no line with {string.Join(" and ", parts)} in:\n{text}");

    private static Dictionary<string, JsonElement> Rows(JsonElement comparison, string section) =>
        comparison.GetProperty(section).EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r);

    private static long[] Best(JsonElement row) => row.GetProperty("best").EnumerateArray().Select(b => b.GetInt64()).ToArray();

    private async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await _keel.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"keel {string.Join(' ', args)}\n{result}");
        return result;
    }
}
