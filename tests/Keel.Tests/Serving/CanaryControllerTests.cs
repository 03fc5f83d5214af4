using Keel.Serving.Deployments;

namespace Keel.Tests.Serving;

public sealed class CanaryControllerTests : DeploymentFixture
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private CanaryController Controller => new(Catalog, Clock);

    [Fact]
    public async Task TickAsync_HealthyCandidate_AdvancesEachStepThenPromotes()
    {
        await StartCanaryAsync(new DeploymentParameters
        {
            CanarySteps = [10, 50, 100], StepDuration = Step, MinRequests = 100, PromoteGate = "error_rate <= 0.01 and p99_ms <= 50",
        });
        var decisions = new List<CanaryDecision>();

        for (var tick = 0; tick < 3; tick++)
        {
            var current = (await Catalog.GetAsync("credit-api"))!.Current;
            decisions.Add(await Controller.TickAsync("credit-api", current.Number, Healthy(1000), Healthy(200)));
            Clock.Advance(Step);
            decisions.Add(await Controller.TickAsync("credit-api", current.Number, Healthy(1000), Healthy(200)));
        }

        Assert.Equal(
            [CanaryAction.Hold, CanaryAction.Advance, CanaryAction.Hold, CanaryAction.Advance, CanaryAction.Hold, CanaryAction.Promote],
            decisions.Select(d => d.Action));
        var history = await Catalog.GetHistoryAsync("credit-api");
        Assert.Equal(
            [RevisionChange.Created, RevisionChange.Revised, RevisionChange.CanaryStep, RevisionChange.CanaryStep, RevisionChange.Promoted],
            history.Select(r => r.Change));
        Assert.Equal([0, 1, 2], history.Skip(1).Take(3).Select(r => r.Spec.Parameters.CanaryStep));
        Assert.Equal(0.5, history[2].Spec.CandidateShare);
        var promoted = history[^1];
        Assert.Equal(DeploymentStrategy.Single, promoted.Spec.Strategy);
        Assert.Equal(V2, promoted.Spec.Primary);
        Assert.Equal(promoted.Number, decisions[^1].Revision!.Number);
        Assert.Contains("passed (error_rate = 0, p99_ms = 30)", promoted.Reason, StringComparison.Ordinal);
        Assert.Contains("step 3/3", promoted.Reason, StringComparison.Ordinal);
        Assert.Equal(RevisionStatus.Active, promoted.Status);
    }

    [Fact]
    public async Task TickAsync_CandidateErrorRateAboveRollbackGate_RollsBackAtOnceBeforeTheStepEnds()
    {
        await StartCanaryAsync(new DeploymentParameters
        {
            StepDuration = Step, MinRequests = 100, PromoteGate = "error_rate <= 0.01", RollbackGate = "error_rate > 0.05",
        });
        Clock.Advance(TimeSpan.FromSeconds(30));

        var decision = await Controller.TickAsync("credit-api", 2, Healthy(1000), Metrics(200, errors: 20, p99: 12));

        Assert.Equal(CanaryAction.RollBack, decision.Action);
        var current = (await Catalog.GetAsync("credit-api"))!.Current;
        Assert.Equal(3, current.Number);
        Assert.Equal(RevisionChange.CanaryRollback, current.Change);
        Assert.Equal(DeploymentStrategy.Single, current.Spec.Strategy);
        Assert.Equal(V1, current.Spec.Primary);
        Assert.Contains("rollback gate 'error_rate > 0.05' held", current.Reason, StringComparison.Ordinal);
        Assert.Contains("error_rate = 0.1", current.Reason, StringComparison.Ordinal);
        Assert.Equal(Clock.UtcNow, current.CreatedAt);
        Assert.Contains(await AuditAsync("deployments/credit-api"), a => a.Action == "deployment.canary_rollback");
    }

    [Fact]
    public async Task TickAsync_PromoteGateFailsAtTheEndOfTheStep_RollsBack()
    {
        await StartCanaryAsync(new DeploymentParameters { StepDuration = Step, MinRequests = 100, PromoteGate = "p99_ms <= 1.2 * stable.p99_ms" });
        Clock.Advance(Step);

        var decision = await Controller.TickAsync("credit-api", 2, Metrics(1000, 0, p99: 20), Metrics(200, 0, p99: 40));

        Assert.Equal(CanaryAction.RollBack, decision.Action);
        Assert.Contains("stable.p99_ms = 20", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(V1, decision.Revision!.Spec.Primary);
    }

    [Fact]
    public async Task TickAsync_TooFewRequests_HoldsEvenAfterTheStep()
    {
        await StartCanaryAsync(new DeploymentParameters { StepDuration = Step, MinRequests = 500, RollbackGate = "error_rate > 0.05" });
        Clock.Advance(Step * 3);

        var decision = await Controller.TickAsync("credit-api", 2, Healthy(1000), Metrics(40, errors: 40, p99: 5));

        Assert.Equal(CanaryAction.Hold, decision.Action);
        Assert.Contains("40 of the 500", decision.Reason, StringComparison.Ordinal);
        Assert.Null(decision.Revision);
        Assert.Equal(2, (await Catalog.GetAsync("credit-api"))!.Current.Number);
    }

    [Fact]
    public async Task TickAsync_QualityGate_SkippedWithoutLabelsJudgedOnceTheyExist()
    {
        var parameters = new DeploymentParameters
        {
            CanarySteps = [50, 100], StepDuration = Step, MinRequests = 100, MinLabels = 50, QualityGate = "quality >= stable.quality - 0.01",
        };
        await StartCanaryAsync(parameters);
        Clock.Advance(Step);

        var unlabelled = await Controller.TickAsync("credit-api", 2, Healthy(1000), Healthy(500));
        Clock.Advance(Step);
        var labelled = await Controller.TickAsync("credit-api", 3, Healthy(1000) with { QualityCount = 400, QualityMean = 0.90 },
            Healthy(500) with { QualityCount = 200, QualityMean = 0.85 });

        Assert.Equal(CanaryAction.Advance, unlabelled.Action);
        Assert.Contains("skipped", Assert.Single(unlabelled.Gates).Detail, StringComparison.Ordinal);
        Assert.Equal(CanaryAction.RollBack, labelled.Action);
        Assert.False(Assert.Single(labelled.Gates).Passed);
    }

    [Fact]
    public async Task TickAsync_MetricsOfAnOlderRevision_Holds()
    {
        await StartCanaryAsync(new DeploymentParameters { StepDuration = Step, MinRequests = 1 });
        Clock.Advance(Step);

        var decision = await Controller.TickAsync("credit-api", 1, Healthy(1000), Healthy(500));

        Assert.Equal(CanaryAction.Hold, decision.Action);
        Assert.Contains("revision 1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickAsync_FromARoutingTable_UsesItsMetrics()
    {
        await StartCanaryAsync(new DeploymentParameters { StepDuration = Step, MinRequests = 100, RollbackGate = "error_rate > 0.05" });
        var revision = (await Catalog.GetAsync("credit-api"))!.Current;
        var table = new RoutingTable<object>(revision, new object(), new object());
        for (var i = 0; i < 200; i++)
        {
            table.PrimaryMetrics.Record(10, error: false);
            table.CandidateMetrics.Record(10, error: i % 4 == 0);
        }

        var decision = await Controller.TickAsync(table);

        Assert.Equal(CanaryAction.RollBack, decision.Action);
        Assert.Contains("error_rate = 0.25", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickAsync_NotACanary_Holds()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));

        var decision = await Controller.TickAsync("credit-api", 1, Healthy(100), Healthy(100));

        Assert.Equal(CanaryAction.Hold, decision.Action);
        Assert.Single(await Catalog.GetHistoryAsync("credit-api"));
    }

    private async Task StartCanaryAsync(DeploymentParameters parameters)
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));
        await Catalog.ReviseAsync("credit-api", DeploymentSpec.Canary(V1, V2, parameters), "canary v2");
    }

    private static RoleMetricsSnapshot Healthy(long requests) => Metrics(requests, requests / 500, p99: 30);

    private static RoleMetricsSnapshot Metrics(long requests, long errors, double p99) =>
        new(requests, errors, p99 / 3, p99 / 1.5, p99, p99 / 2.5, 0, double.NaN, double.NaN);
}
