using Keel.Data;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Registry;
using Keel.Retraining;
using Keel.Serving.Deployments;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Retraining;

/// <summary>
/// The closed loop under a fake clock on a real store, registry and deployment catalog, with the canary controller the
/// server runs: drift fires → a candidate trained on the new concept beats the champion on the same holdout → shadow →
/// canary → promoted; drift persisting → no retrain inside the cooldown; a worse candidate → rejected, never released;
/// a candidate that fails in its canary → rolled back.
/// </summary>
public sealed class ClosedLoopTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private const string PolicyText = """
        deployment: credit
        pipeline: pipeline.yaml
        triggers: [{type: alert, name: high-drift}]
        guardrails: {max_per_day: 3, cooldown: 6h, gate: "auc >= champion.auc + 0.005"}
        release:
          shadow: 1h
          canary: {steps: [50, 100], step_duration: 10m, rollback: "error_rate > 0.2", promote: "error_rate <= 0.01", min_requests: 100}
        """;

    private static readonly RetrainingSignals Drifting = new() { FiringAlerts = new HashSet<string>(StringComparer.Ordinal) { "high-drift" } };

    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new() { UtcNow = T0 };
    private readonly Dictionary<int, Model> _models = [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Loop_DriftThenPromotionThenCooldownThenRejectionThenRollback()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var registry = new ModelRegistry(store, "tests");
        var artifacts = new ArtifactStore(_temp.Combine("artifacts"), _temp.Combine("tmp"));
        var catalog = new DeploymentCatalog(store, "tests");
        var journal = new RetrainingJournal(store, "loop");
        var controller = new CanaryController(catalog, _clock);
        var oldConcept = await RegisterAsync(registry, artifacts, Train(signal: 1, seed: 1));
        await catalog.CreateAsync("credit", DeploymentSpec.Single(oldConcept));
        var trainer = new QueuedTrainer(this, registry, artifacts);
        var holdout = Data(new Random(99), 1500, signal: 0);
        var loop = new RetrainingLoop(RetrainingPolicyFile.Parse(PolicyText, "retraining.yaml"), catalog, journal, trainer,
            (reference, _) => Task.FromResult(_models[reference.Version!.Value]), (_, _) => Task.FromResult(new LabelledHoldout(holdout, T0)), _clock);

        // 1. Drift fires: a candidate half of the new concept is trained, beats the champion and goes to shadow.
        trainer.Next = Train(signal: 2, seed: 2);
        var started = await loop.TickAsync(Drifting);
        var shadow = await CurrentAsync(catalog);
        Assert.Contains("released as shadow", started, StringComparison.Ordinal);
        Assert.Contains("trained with 12 labelled predictions besides the pipeline's source", started, StringComparison.Ordinal);
        Assert.Equal((DeploymentStrategy.Shadow, oldConcept, 2), (shadow.Spec.Strategy, shadow.Spec.Primary, shadow.Spec.Candidate!.Value.Version));
        Assert.Contains("retrain 1 (alert high-drift)", shadow.Reason, StringComparison.Ordinal);

        // 2. Within the shadow hour nothing moves; after it the canary starts.
        _clock.UtcNow = T0.AddMinutes(30);
        Assert.Contains("in shadow", await loop.TickAsync(Drifting), StringComparison.Ordinal);
        _clock.UtcNow = T0.AddHours(1);
        Assert.Contains("canary started", await loop.TickAsync(Drifting), StringComparison.Ordinal);
        Assert.Equal(DeploymentStrategy.Canary, (await CurrentAsync(catalog)).Spec.Strategy);

        // 3. The canary controller (as the server ticks it) advances and promotes on healthy metrics; the loop records it.
        await PassCanaryAsync(controller, catalog, candidateErrors: 0);
        var promoted = await CurrentAsync(catalog);
        Assert.Equal((RevisionChange.Promoted, DeploymentStrategy.Single, 2), (promoted.Change, promoted.Spec.Strategy, promoted.Spec.Primary.Version));
        Assert.Contains("promoted", await loop.TickAsync(Drifting), StringComparison.Ordinal);

        // 4. Drift persists: within the 6-hour cooldown no retrain starts (no storm).
        _clock.UtcNow = T0.AddHours(3);
        Assert.Contains("cooling down until 2026-06-01T14:00:00Z", await loop.TickAsync(Drifting), StringComparison.Ordinal);
        Assert.Equal(1, trainer.Trained);

        // 5. After the cooldown a worse candidate (the old concept again) is rejected and never released.
        _clock.UtcNow = T0.AddHours(7);
        trainer.Next = Train(signal: 1, seed: 3);
        var rejected = await loop.TickAsync(Drifting);
        Assert.Contains("rejected", rejected, StringComparison.Ordinal);
        Assert.Equal(promoted.Number, (await CurrentAsync(catalog)).Number);

        // 6. After the next cooldown a candidate of the new concept beats the champion offline but fails live: rolled back.
        _clock.UtcNow = T0.AddHours(14);
        trainer.Next = Train(signal: 0, seed: 4);
        await loop.TickAsync(Drifting);
        _clock.UtcNow = T0.AddHours(15);
        await loop.TickAsync(Drifting);
        await PassCanaryAsync(controller, catalog, candidateErrors: 500);
        var rolledBack = await CurrentAsync(catalog);
        Assert.Equal((RevisionChange.CanaryRollback, 2), (rolledBack.Change, rolledBack.Spec.Primary.Version));
        Assert.Contains("rolled back", await loop.TickAsync(Drifting), StringComparison.Ordinal);

        var story = await journal.ListAsync("credit");
        Assert.Equal([RetrainOutcome.Promoted, RetrainOutcome.Rejected, RetrainOutcome.RolledBack], story.Select(e => e.Record.Outcome));
        Assert.All(story, e => Assert.Equal("alert high-drift", e.Record.Cause));
        var history = await catalog.GetHistoryAsync("credit");
        Assert.Equal(
            [RevisionChange.Created, RevisionChange.Revised, RevisionChange.Revised, RevisionChange.CanaryStep, RevisionChange.Promoted,
             RevisionChange.Revised, RevisionChange.Revised, RevisionChange.CanaryRollback],
            history.Select(r => r.Change));
    }

    [Fact]
    public async Task Loop_ApprovalRequired_WaitsThenTrainsWhenApprovedAndDeclinedCountsForNothing()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var registry = new ModelRegistry(store, "tests");
        var artifacts = new ArtifactStore(_temp.Combine("artifacts"), _temp.Combine("tmp"));
        var catalog = new DeploymentCatalog(store, "tests");
        var journal = new RetrainingJournal(store, "loop");
        await catalog.CreateAsync("credit", DeploymentSpec.Single(await RegisterAsync(registry, artifacts, Train(signal: 1, seed: 1))));
        var trainer = new QueuedTrainer(this, registry, artifacts) { Next = Train(signal: 0, seed: 2) };
        var holdout = Data(new Random(99), 1500, signal: 0);
        var policy = RetrainingPolicyFile.Parse(PolicyText.Replace("max_per_day: 3,", "max_per_day: 3, approval: required,", StringComparison.Ordinal), "r.yaml");
        var loop = new RetrainingLoop(policy, catalog, journal, trainer,
            (reference, _) => Task.FromResult(_models[reference.Version!.Value]), (_, _) => Task.FromResult(new LabelledHoldout(holdout, T0)), _clock);

        Assert.Contains("awaits approval", await loop.TickAsync(Drifting), StringComparison.Ordinal);
        Assert.Contains("awaits approval", await loop.TickAsync(Drifting), StringComparison.Ordinal);
        await journal.DecideApprovalAsync("credit", approve: false, "a known seasonal spike");
        Assert.Contains("awaits approval", await loop.TickAsync(Drifting), StringComparison.Ordinal);
        await journal.DecideApprovalAsync("credit", approve: true, null);
        var released = await loop.TickAsync(Drifting);

        Assert.Equal(1, trainer.Trained);
        Assert.Contains("released as shadow", released, StringComparison.Ordinal);
        Assert.Equal(DeploymentStrategy.Shadow, (await CurrentAsync(catalog)).Spec.Strategy);
        Assert.Equal([RetrainOutcome.Declined, RetrainOutcome.Running], (await journal.ListAsync("credit")).Select(e => e.Record.Outcome));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.DecideApprovalAsync("credit", approve: true, null));
    }

    [Fact]
    public async Task Loop_PipelineGivesBackTheServingModel_RejectedWithoutRelease()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var registry = new ModelRegistry(store, "tests");
        var artifacts = new ArtifactStore(_temp.Combine("artifacts"), _temp.Combine("tmp"));
        var catalog = new DeploymentCatalog(store, "tests");
        var journal = new RetrainingJournal(store, "loop");
        var champion = Train(signal: 1, seed: 1);
        await catalog.CreateAsync("credit", DeploymentSpec.Single(await RegisterAsync(registry, artifacts, champion)));
        // The same bytes again: the registry answers with the version it already has, as a cached pipeline run would.
        var trainer = new QueuedTrainer(this, registry, artifacts) { Next = champion };
        var holdout = Data(new Random(99), 500, signal: 1);
        var loop = new RetrainingLoop(RetrainingPolicyFile.Parse(PolicyText, "retraining.yaml"), catalog, journal, trainer,
            (reference, _) => Task.FromResult(_models[reference.Version!.Value]), (_, _) => Task.FromResult(new LabelledHoldout(holdout, T0)), _clock);

        var said = await loop.TickAsync(Drifting);

        Assert.Contains("gave back the serving model models:/credit/1", said, StringComparison.Ordinal);
        Assert.Equal(RetrainOutcome.Rejected, Assert.Single(await journal.ListAsync("credit")).Record.Outcome);
        Assert.Equal(1, (await CurrentAsync(catalog)).Number);
    }

    [Fact]
    public async Task Loop_StoppedBetweenRecordingTheCandidateAndReleasingIt_CompletesTheReleaseOnce()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var (catalog, journal, loop, champion, candidate, id) = await InterruptedReleaseAsync(store, deploymentRevised: false);

        var resumed = await loop.TickAsync(Drifting);
        var shadow = await CurrentAsync(catalog);
        var next = await loop.TickAsync(Drifting);

        Assert.Contains("release resumed", resumed, StringComparison.Ordinal);
        Assert.Equal((2, DeploymentStrategy.Shadow, champion, candidate), (shadow.Number, shadow.Spec.Strategy, shadow.Spec.Primary, shadow.Spec.Candidate!.Value));
        Assert.Contains($"retrain {id} (alert high-drift): shadow of {candidate} (release resumed)", shadow.Reason, StringComparison.Ordinal);
        var entry = Assert.Single(await journal.ListAsync("credit"));
        Assert.Equal((RetrainOutcome.Running, candidate.ToString(), $"{candidate} released as shadow (gate met)"), (entry.Record.Outcome, entry.Candidate, entry.Detail));
        Assert.Contains("in shadow", next, StringComparison.Ordinal);
        Assert.Equal(2, (await CurrentAsync(catalog)).Number);
    }

    [Fact]
    public async Task Loop_StoppedAfterReleasingButBeforeRecordingIt_OnlyRecordsTheRelease()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        var (catalog, journal, loop, _, candidate, _) = await InterruptedReleaseAsync(store, deploymentRevised: true);

        Assert.Contains("release resumed", await loop.TickAsync(Drifting), StringComparison.Ordinal);

        var current = await CurrentAsync(catalog);
        Assert.Equal((2, "released before the loop stopped"), (current.Number, current.Reason));
        Assert.Equal($"{candidate} released as shadow (gate met)", Assert.Single(await journal.ListAsync("credit")).Detail);
    }

    // What a loop stopped right after naming an accepted candidate in the journal leaves behind: the retrain running
    // with its candidate and a "releasing" detail, and the deployment either untouched or already in the shadow stage.
    private async Task<(DeploymentCatalog Catalog, RetrainingJournal Journal, RetrainingLoop Loop, ModelReference Champion, ModelReference Candidate, long Id)>
        InterruptedReleaseAsync(MetadataStore store, bool deploymentRevised)
    {
        var registry = new ModelRegistry(store, "tests");
        var artifacts = new ArtifactStore(_temp.Combine("artifacts"), _temp.Combine("tmp"));
        var catalog = new DeploymentCatalog(store, "tests");
        var journal = new RetrainingJournal(store, "loop");
        var policy = RetrainingPolicyFile.Parse(PolicyText, "retraining.yaml");
        var champion = await RegisterAsync(registry, artifacts, Train(signal: 1, seed: 1));
        var candidate = await RegisterAsync(registry, artifacts, Train(signal: 2, seed: 2));
        var created = await catalog.CreateAsync("credit", DeploymentSpec.Single(champion));
        var id = await journal.StartAsync("credit", "alert high-drift", RetrainOutcome.Running);
        await journal.UpdateAsync(id, RetrainOutcome.Running, null, candidate.ToString(), RetrainingJournal.Releasing + $"{candidate} released as shadow (gate met)");
        if (deploymentRevised)
        {
            await catalog.ReviseAsync("credit", RetrainingController.Plan(policy, champion, candidate)[0].Spec, "released before the loop stopped", created.Number);
        }
        var loop = new RetrainingLoop(policy, catalog, journal, new QueuedTrainer(this, registry, artifacts),
            (reference, _) => Task.FromResult(_models[reference.Version!.Value]), (_, _) => throw new InvalidOperationException("no retrain expected"), _clock);
        return (catalog, journal, loop, champion, candidate, id);
    }

    // Ticks the canary controller through every step with the given candidate errors out of 1,000 requests per step.
    private async Task PassCanaryAsync(CanaryController controller, DeploymentCatalog catalog, int candidateErrors)
    {
        for (var step = 0; step < 3; step++)
        {
            var current = await CurrentAsync(catalog);
            if (current.Spec.Strategy != DeploymentStrategy.Canary)
            {
                return;
            }
            _clock.UtcNow = current.CreatedAt + TimeSpan.FromMinutes(10);
            await controller.TickAsync("credit", current.Number, Healthy(0), Healthy(candidateErrors));
        }
    }

    private static RoleMetricsSnapshot Healthy(int errors) => new(1000, errors, 2, 4, 6, 2.5, 0, double.NaN, double.NaN);

    private static async Task<DeploymentRevision> CurrentAsync(DeploymentCatalog catalog) => (await catalog.GetAsync("credit"))!.Current;

    private async Task<ModelReference> RegisterAsync(ModelRegistry registry, ArtifactStore artifacts, Model model)
    {
        var path = _temp.Combine(Guid.NewGuid().ToString("N") + ".keel");
        model.Save(path);
        var stored = await artifacts.PutFileAsync(path);
        var (version, _) = await registry.RegisterAsync("credit", stored.Id, model.Algorithm, model.Task.ToString(), new Dictionary<string, double>());
        _models[version.Version] = model;
        return version.Reference;
    }

    private static Model Train(int signal, int seed) => ModelTrainer.Train(Data(new Random(seed), 3000, signal), null,
        new TrainingOptions { Algorithm = "logistic", Label = "y", Task = LearningTask.Binary, Parameters = new Dictionary<string, string>() },
        null, new ModelLineage("closed-loop-tests", null, null, DateTimeOffset.UnixEpoch)).Model;

    // y depends on feature a (signal 0, the new concept), b (signal 1, the old one) or both (2, in between).
    private static Frame Data(Random random, int rows, int signal)
    {
        var a = new double[rows];
        var b = new double[rows];
        var y = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (random.NextDouble() * 8) - 4;
            b[i] = (random.NextDouble() * 8) - 4;
            var score = signal switch { 0 => a[i], 1 => b[i], _ => a[i] + b[i] };
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-2 * score)) ? "yes" : "no";
        }
        var schema = new Schema([
            new ColumnSchema("a", ColumnType.Numeric), new ColumnSchema("b", ColumnType.Numeric),
            new ColumnSchema("y", ColumnType.Categorical) { Role = ColumnRole.Label }]);
        return new Frame(schema, [TestFrames.Numeric("a", a), TestFrames.Numeric("b", b), TestFrames.Categorical("y", y)], rows);
    }

    /// <summary>Registers whichever model the test queued as the next candidate.</summary>
    private sealed class QueuedTrainer(ClosedLoopTests test, ModelRegistry registry, ArtifactStore artifacts) : ICandidateTrainer
    {
        public Model? Next { get; set; }

        public int Trained { get; private set; }

        public async Task<TrainedCandidate> TrainAsync(RetrainingPolicy policy, long retrainId, DateTimeOffset? holdoutFrom, CancellationToken cancellationToken)
        {
            var model = Next ?? throw new InvalidOperationException("no candidate queued");
            Next = null;
            Trained++;
            return new TrainedCandidate(await test.RegisterAsync(registry, artifacts, model), model, null) { FeedbackRows = 12 };
        }
    }
}
