using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Retraining;
using Keel.Storage;
using Keel.Tests.Support;

namespace Keel.Tests.Retraining;

public sealed class PipelineCandidateTrainerTests : IAsyncLifetime
{
    private const string Pipeline = """
        name: credit
        source: { file: credit.csv }
        split: { method: time, time_column: applied_at, test: 0.25 }
        train:
          label: defaulted
          algorithm: gbdt
          params: { rounds: 20, max_leaves: 7 }
        evaluate:
          gates: ["auc >= GATE"]
        register: { model: credit }
        """;

    private static readonly RetrainingPolicy Policy = RetrainingPolicyFile.Parse(
        "deployment: credit\npipeline: pipeline.yaml\ntriggers: [{type: labels, new: 10}]\n", "retraining.yaml");

    private readonly ManualTimeProvider _clock = new();
    private CreditWorkspace _workspace = null!;

    public async Task InitializeAsync() => _workspace = await CreditWorkspace.CreateAsync(_clock);

    public Task DisposeAsync()
    {
        _workspace.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TrainAsync_PipelineRegisters_ReturnsTheVersionItsModelAndTheRun()
    {
        File.WriteAllText(_workspace.Temp.Combine("pipeline.yaml"), Pipeline.Replace("GATE", "0.5", StringComparison.Ordinal));

        var candidate = await new PipelineCandidateTrainer(_workspace.Services, _workspace.Temp.Path).TrainAsync(Policy, 7, null, CancellationToken.None);

        Assert.Equal("models:/credit/1", candidate.Reference.ToString());
        Assert.Equal("defaulted", candidate.Model.Label.Column);
        var run = await _workspace.Services.Runs.GetAsync(candidate.RunId!.Value);
        Assert.Equal(("retrain", "retrain 7 of deployment credit"), (run!.Trigger.Kind, run.Trigger.Detail));
    }

    [Fact]
    public async Task TrainAsync_GateFails_ThrowsNamingTheRun()
    {
        File.WriteAllText(_workspace.Temp.Combine("pipeline.yaml"), Pipeline.Replace("GATE", "0.999", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PipelineCandidateTrainer(_workspace.Services, _workspace.Temp.Path).TrainAsync(Policy, 1, null, CancellationToken.None));

        Assert.Contains("pipeline run 1 (credit) failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_IncludeFeedback_TrainsOnSourceAndLabelledTrafficWithoutTheHoldout()
    {
        File.WriteAllText(_workspace.Temp.Combine("pipeline.yaml"), Pipeline.Replace("GATE", "0.5", StringComparison.Ordinal));
        await LogTrafficAsync();

        var candidate = await new PipelineCandidateTrainer(_workspace.Services, _workspace.Temp.Path).TrainAsync(Policy, 4, null, CancellationToken.None);

        // 10 labelled predictions of the deployment in the window; the newest ceil(10 * 0.2) = 2 are the holdout.
        Assert.Equal(8, candidate.FeedbackRows);
        Assert.Equal(1500 + 8, await SourceRowsAsync(candidate.RunId!.Value));
        var input = Assert.Single(await _workspace.Services.Runs.GetInputsAsync(candidate.RunId.Value), i => i.Kind == "feedback");
        Assert.Equal("feedback (retrain 4)", input.Reference);
        var lines = File.ReadAllLines(_workspace.Services.Artifacts.GetPath(ArtifactId.Parse(input.ContentId!)));
        Assert.Equal("age,income,region,defaulted,applied_at", lines[0]);
        Assert.Equal(9, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("Atlantis", StringComparison.Ordinal));
        Assert.Equal("30,52000.5,\"North, \"\"East\"\"\",0,2026-01-01T16:04:05.0000000Z", lines[1]);
        Assert.Empty(Directory.EnumerateFiles(_workspace.Services.Workspace.TempDirectory));
    }

    [Fact]
    public async Task TrainAsync_FeedbackOff_TrainsOnTheSourceAlone()
    {
        File.WriteAllText(_workspace.Temp.Combine("pipeline.yaml"), Pipeline.Replace("GATE", "0.5", StringComparison.Ordinal));
        await LogTrafficAsync();
        var policy = Policy with { Data = Policy.Data with { IncludeFeedback = false } };

        var candidate = await new PipelineCandidateTrainer(_workspace.Services, _workspace.Temp.Path).TrainAsync(policy, 4, null, CancellationToken.None);

        Assert.Equal(0, candidate.FeedbackRows);
        Assert.Equal(1500, await SourceRowsAsync(candidate.RunId!.Value));
        Assert.DoesNotContain(await _workspace.Services.Runs.GetInputsAsync(candidate.RunId.Value), i => i.Kind == "feedback");
    }

    /// <summary>
    /// Labelled predictions of deployment credit an hour apart, ending an hour before now: ten in the 30-day window
    /// (the newest two, the holdout, from region Atlantis), plus ones a retrain must not read: unlabelled, too old,
    /// another deployment's.
    /// </summary>
    private async Task LogTrafficAsync()
    {
        var now = _clock.GetUtcNow();
        await using var log = await InferenceLog.OpenAsync(_workspace.Store);
        var records = new List<InferenceRecord>();
        for (var i = 0; i < 10; i++)
        {
            var region = i >= 8 ? "Atlantis" : i == 0 ? @"North, \""East\""" : "North"; // JSON-escaped quotes
            records.Add(Record($"p{i}:0", now.AddHours(i - 11), "credit", $$"""{"age": {{30 + i}}, "income": 52000.5, "region": "{{region}}"}"""));
        }
        records.Add(Record("unlabelled:0", now.AddHours(-1), "credit", """{"age": 50, "income": 1, "region": "Atlantis"}"""));
        records.Add(Record("old:0", now.AddDays(-31), "credit", """{"age": 50, "income": 1, "region": "Atlantis"}"""));
        records.Add(Record("other:0", now.AddHours(-3), "other", """{"age": 50, "income": 1, "region": "Atlantis"}"""));
        await log.AppendAsync(records);
        await log.RecordFeedbackAsync([.. Enumerable.Range(0, 10).Select(i => ($"p{i}:0", (i % 2).ToString(CultureInfo.InvariantCulture))), ("old:0", "1"), ("other:0", "1")]);
    }

    private static InferenceRecord Record(string id, DateTimeOffset at, string deployment, string inputs) =>
        new(id, id.Split(':')[0], null, "credit", "1", 0, inputs, """{"prediction": "0"}""", 100, at) { Deployment = deployment, DeploymentRole = "primary" };

    private async Task<int> SourceRowsAsync(long runId)
    {
        var split = JsonNode.Parse((await _workspace.Services.Runs.GetStepsAsync(runId)).Single(s => s.Name == "split").OutputsJson!)!;
        return split["train_rows"]!.GetValue<int>() + split["test_rows"]!.GetValue<int>() + split["unlabelled_rows"]!.GetValue<int>();
    }
}
