using Keel.Examples;
using Keel.Pipelines;
using Keel.Retraining;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

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

    private readonly TempDirectory _temp = new();
    private MetadataStore _store = null!;
    private PipelineServices _services = null!;

    public async Task InitializeAsync()
    {
        var workspace = KeelWorkspace.Init(_temp.Path);
        _store = await MetadataStore.OpenAsync(workspace, new ManualTimeProvider());
        _services = new PipelineServices(workspace, _store, new ArtifactStore(workspace));
        new CreditRiskGenerator(new CreditRiskOptions { Rows = 1500, Seed = 3 }).Write(_temp.Combine("credit.csv"));
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TrainAsync_PipelineRegisters_ReturnsTheVersionItsModelAndTheRun()
    {
        File.WriteAllText(_temp.Combine("pipeline.yaml"), Pipeline.Replace("GATE", "0.5", StringComparison.Ordinal));

        var candidate = await new PipelineCandidateTrainer(_services, _temp.Path).TrainAsync(Policy, 7, CancellationToken.None);

        Assert.Equal("models:/credit/1", candidate.Reference.ToString());
        Assert.Equal("defaulted", candidate.Model.Label.Column);
        var run = await _services.Runs.GetAsync(candidate.RunId!.Value);
        Assert.Equal(("retrain", "retrain 7 of deployment credit"), (run!.Trigger.Kind, run.Trigger.Detail));
    }

    [Fact]
    public async Task TrainAsync_GateFails_ThrowsNamingTheRun()
    {
        File.WriteAllText(_temp.Combine("pipeline.yaml"), Pipeline.Replace("GATE", "0.999", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new PipelineCandidateTrainer(_services, _temp.Path).TrainAsync(Policy, 1, CancellationToken.None));

        Assert.Contains("pipeline run 1 (credit) failed", error.Message, StringComparison.Ordinal);
    }
}
