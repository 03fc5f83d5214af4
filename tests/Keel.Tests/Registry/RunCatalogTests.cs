using Keel.Registry;

namespace Keel.Tests.Registry;

public sealed class RunCatalogTests : RegistryFixture
{
    [Fact]
    public async Task StartAsync_RecordsRunWithPendingSteps()
    {
        var run = await Runs.StartAsync("credit", new RunTrigger("schedule", "0 0 2 * * ?"), "p.yaml", "{}", ["load", "train"]);

        var stored = await Runs.GetAsync(run.Id);
        Assert.Equal(RunStatus.Running, stored!.Status);
        Assert.Equal("schedule: 0 0 2 * * ?", stored.Trigger.ToString());
        Assert.Equal(RunCatalog.CurrentOwner, stored.Owner);
        var steps = await Runs.GetStepsAsync(run.Id);
        Assert.Equal(["load", "train"], steps.Select(s => s.Name));
        Assert.All(steps, s => Assert.Equal(StepStatus.Pending, s.Status));
    }

    [Fact]
    public async Task Metrics_LatestStepIsTheRunsValue_HistoryKeepsEveryPoint()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, []);

        await Runs.LogMetricPointsAsync(run.Id, [("train_loss", 1, 0.6), ("train_loss", 2, 0.4), ("train_loss", 3, 0.3)]);
        await Runs.LogMetricsAsync(run.Id, new Dictionary<string, double> { ["auc"] = 0.91, ["mape"] = double.NaN });

        var metrics = await Runs.GetMetricsAsync(run.Id);
        Assert.Equal(0.3, metrics["train_loss"]);
        Assert.Equal(0.91, metrics["auc"]);
        Assert.True(double.IsNaN(metrics["mape"]));
        Assert.Equal([0.6, 0.4, 0.3], (await Runs.GetMetricHistoryAsync(run.Id)).Where(p => p.Name == "train_loss").Select(p => p.Value));
    }

    [Fact]
    public async Task StepEndedAsync_Success_FillsCacheThatLaterRunsFind()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, ["train"]);
        await Runs.StepStartedAsync(run.Id, "train", "key-1");
        Clock.Advance(TimeSpan.FromSeconds(7));

        await Runs.StepEndedAsync(run.Id, "train", StepStatus.Succeeded, "key-1", cached: false, """{"model":"sha256:ab"}""", null);

        var cached = await Runs.FindCachedAsync("key-1");
        Assert.Equal(("""{"model":"sha256:ab"}""", run.Id), cached!.Value);
        Assert.Null(await Runs.FindCachedAsync("key-2"));
        var step = Assert.Single(await Runs.GetStepsAsync(run.Id));
        Assert.Equal(TimeSpan.FromSeconds(7), step.Duration);
        Assert.Equal(1, step.Attempts);
    }

    [Fact]
    public async Task StepEndedAsync_Failure_DoesNotCache()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, ["train"]);

        await Runs.StepEndedAsync(run.Id, "train", StepStatus.Failed, "key-1", false, null, "boom");

        Assert.Null(await Runs.FindCachedAsync("key-1"));
        Assert.Equal("boom", (await Runs.GetStepsAsync(run.Id))[0].Error);
    }

    [Fact]
    public async Task ResumeAsync_InterruptedRun_ResetsUnfinishedStepsOnly()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, ["a", "b", "c"]);
        await Runs.StepEndedAsync(run.Id, "a", StepStatus.Succeeded, "k", false, "{}", null);
        await Runs.StepStartedAsync(run.Id, "b", "k2");
        await Runs.FinishAsync(run.Id, RunStatus.Interrupted, "Ctrl-C");

        var resumed = await Runs.ResumeAsync(run.Id);

        Assert.Equal(RunStatus.Running, resumed.Status);
        var steps = await Runs.GetStepsAsync(run.Id);
        Assert.Equal([StepStatus.Succeeded, StepStatus.Pending, StepStatus.Pending], steps.Select(s => s.Status));
        Assert.Contains(await Runs.GetLogAsync(run.Id), l => l.Message.StartsWith("resumed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResumeAsync_SucceededRun_IsRefused()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, []);
        await Runs.FinishAsync(run.Id, RunStatus.Succeeded, null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Runs.ResumeAsync(run.Id));

        Assert.Contains("already succeeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeAsync_RunOwnedByDeadProcess_IsTakenOver()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, ["a"]);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // A pid that cannot be alive: beyond Linux's pid_max.
            command.CommandText = $"UPDATE runs SET owner = '{Environment.MachineName}:99999999' WHERE id = {run.Id}";
            command.ExecuteNonQuery();
        }

        var resumed = await Runs.ResumeAsync(run.Id);

        Assert.Equal(RunCatalog.CurrentOwner, resumed.Owner);
    }

    [Fact]
    public async Task ListAsync_NewestFirst_FilteredByPipeline()
    {
        await Runs.StartAsync("a", RunTrigger.Manual, null, null, []);
        await Runs.StartAsync("b", RunTrigger.Manual, null, null, []);
        await Runs.StartAsync("a", RunTrigger.Manual, null, null, []);

        Assert.Equal([3L, 2L, 1L], (await Runs.ListAsync()).Select(r => r.Id));
        Assert.Equal([3L, 1L], (await Runs.ListAsync("a")).Select(r => r.Id));
    }

    [Fact]
    public async Task ListAsync_ByStatus_LimitCountsOnlyMatchingRuns()
    {
        var one = await Runs.StartAsync("a", RunTrigger.Manual, null, null, []);
        var two = await Runs.StartAsync("b", RunTrigger.Manual, null, null, []);
        await Runs.StartAsync("a", RunTrigger.Manual, null, null, []);
        await Runs.FinishAsync(one.Id, RunStatus.Failed, "boom");
        await Runs.FinishAsync(two.Id, RunStatus.Failed, "boom");

        Assert.Equal([2L], (await Runs.ListAsync(null, RunStatus.Failed, 1)).Select(r => r.Id));
        Assert.Equal([1L], (await Runs.ListAsync("a", RunStatus.Failed, 10)).Select(r => r.Id));
        Assert.Equal([3L], (await Runs.ListAsync(null, RunStatus.Running, 10)).Select(r => r.Id));
    }

    [Fact]
    public async Task ParametersArtifactsInputs_RoundTrip()
    {
        var run = await Runs.StartAsync("p", RunTrigger.Manual, null, null, []);

        await Runs.LogParametersAsync(run.Id, new Dictionary<string, string> { ["rounds"] = "100", ["learning_rate"] = "0.1" });
        await Runs.AddArtifactAsync(run.Id, "model.keel", Content(1), 1234);
        await Runs.AddInputAsync(run.Id, "dataset", "credit:3", Content(2).Value);

        Assert.Equal("100", (await Runs.GetParametersAsync(run.Id))["rounds"]);
        Assert.Equal(1234, Assert.Single(await Runs.GetArtifactsAsync(run.Id)).Bytes);
        Assert.Equal("credit:3", Assert.Single(await Runs.GetInputsAsync(run.Id)).Reference);
    }
}
