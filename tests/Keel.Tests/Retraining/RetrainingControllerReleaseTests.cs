using Keel.Registry;
using Keel.Retraining;
using Keel.Serving.Deployments;

namespace Keel.Tests.Retraining;

public sealed class RetrainingControllerReleaseTests
{
    private static readonly ModelReference Champion = new("credit", 3, null);
    private static readonly ModelReference Candidate = new("credit", 4, null);

    [Fact]
    public void Judge_WorseCandidate_IsRejectedWithTheGateDetail()
    {
        var policy = Policy("guardrails: {gate: \"auc >= champion.auc + 0.005\"}");

        var verdict = RetrainingController.Judge(policy, Metrics(0.80), Metrics(0.82));

        Assert.False(verdict.Accepted);
        Assert.False(verdict.Gate!.Passed);
        Assert.Contains("auc = 0.8", verdict.Detail, StringComparison.Ordinal);
        Assert.Contains("champion.auc = 0.82", verdict.Detail, StringComparison.Ordinal);
        Assert.StartsWith("gate 'auc >= champion.auc + 0.005' failed", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_CandidateBetterByLessThanTheMargin_IsRejected()
    {
        var policy = Policy("guardrails: {gate: \"auc >= champion.auc + 0.005\"}");

        Assert.False(RetrainingController.Judge(policy, Metrics(0.823), Metrics(0.82)).Accepted);
    }

    [Fact]
    public void Judge_BetterCandidate_IsAccepted()
    {
        var policy = Policy("guardrails: {gate: \"auc >= champion.auc + 0.005\"}");

        var verdict = RetrainingController.Judge(policy, Metrics(0.84), Metrics(0.82));

        Assert.True(verdict.Accepted);
        Assert.StartsWith("gate 'auc >= champion.auc + 0.005' passed", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoChampion_AcceptsAndSaysThereIsNothingToCompare()
    {
        var policy = Policy("guardrails: {gate: \"auc >= champion.auc + 0.005\"}");

        var verdict = RetrainingController.Judge(policy, Metrics(0.70), champion: null);

        Assert.True(verdict.Accepted);
        Assert.Contains("nothing to compare with", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_CandidateWithoutTheGatesMetric_IsRejected()
    {
        var policy = Policy("guardrails: {gate: \"auc >= champion.auc\"}");

        var verdict = RetrainingController.Judge(policy, new Dictionary<string, double> { ["accuracy"] = 0.9 }, Metrics(0.8));

        Assert.False(verdict.Accepted);
        Assert.Contains("the candidate has no metric 'auc'", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoGate_AcceptsEveryCandidate()
    {
        var verdict = RetrainingController.Judge(Policy(""), Metrics(0.1), Metrics(0.9));

        Assert.True(verdict.Accepted);
        Assert.Null(verdict.Gate);
    }

    [Fact]
    public void Plan_ShadowAndCanary_ShadowsThenRunsTheCanaryWithThePolicysParameters()
    {
        var policy = Policy("""
            release:
              shadow: 1h
              shadow_fraction: 0.5
              canary: {steps: [10, 50, 100], step_duration: 30m, rollback: "error_rate > 0.02", promote: "error_rate <= 0.01", quality: "quality >= stable.quality - 0.01", min_labels: 100}
            """);

        var stages = RetrainingController.Plan(policy, Champion, Candidate);

        Assert.Equal(["shadow", "canary"], stages.Select(s => s.Name));
        var shadow = stages[0];
        Assert.Equal(DeploymentStrategy.Shadow, shadow.Spec.Strategy);
        Assert.Equal(Champion, shadow.Spec.Primary);
        Assert.Equal(Candidate, shadow.Spec.Candidate);
        Assert.Equal(0.5, shadow.Spec.Parameters.ShadowFraction);
        Assert.Equal(TimeSpan.FromHours(1), shadow.Duration);
        var canary = stages[1];
        Assert.Equal(DeploymentStrategy.Canary, canary.Spec.Strategy);
        Assert.Equal(Champion, canary.Spec.Primary);
        Assert.Equal(Candidate, canary.Spec.Candidate);
        Assert.Equal(policy.CanaryParameters(), canary.Spec.Parameters);
        Assert.Equal([10.0, 50.0, 100.0], canary.Spec.Parameters.CanarySteps);
        Assert.Equal("error_rate > 0.02", canary.Spec.Parameters.RollbackGate);
        Assert.Equal("error_rate <= 0.01", canary.Spec.Parameters.PromoteGate);
        Assert.Equal("quality >= stable.quality - 0.01", canary.Spec.Parameters.QualityGate);
        Assert.Equal(TimeSpan.FromMinutes(90), canary.Duration);
        Assert.All(stages, s => Assert.Empty(s.Spec.Validate()));
    }

    [Fact]
    public void Plan_NoReleaseSection_RunsTheDefaultCanaryOnly()
    {
        var stages = RetrainingController.Plan(Policy(""), Champion, Candidate);

        var canary = Assert.Single(stages);
        Assert.Equal(DeploymentStrategy.Canary, canary.Spec.Strategy);
        Assert.Equal(DeploymentParameters.DefaultCanarySteps, canary.Spec.Parameters.CanarySteps);
        Assert.Empty(canary.Spec.Validate());
    }

    [Fact]
    public void Plan_ShadowOnly_ShadowsThenSwitches()
    {
        var stages = RetrainingController.Plan(Policy("release: {shadow: 2h}"), Champion, Candidate);

        Assert.Equal(["shadow", "switch"], stages.Select(s => s.Name));
        Assert.Equal(DeploymentSpec.Single(Candidate), stages[1].Spec);
        Assert.All(stages, s => Assert.Empty(s.Spec.Validate()));
    }

    private static Dictionary<string, double> Metrics(double auc) => new() { ["auc"] = auc };

    private static RetrainingPolicy Policy(string extra) =>
        RetrainingPolicyFile.Parse($"deployment: credit\npipeline: p.yaml\ntriggers: [{{type: labels, new: 10}}]\n{extra}\n", "r.yaml");
}
