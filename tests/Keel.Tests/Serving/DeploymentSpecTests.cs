using Keel.Serving.Deployments;
using static Keel.Tests.Serving.TestRevisions;

namespace Keel.Tests.Serving;

public sealed class DeploymentSpecTests
{
    [Fact]
    public void Validate_FactoryDefaults_AreValid()
    {
        Assert.Empty(DeploymentSpec.Single(Stable).Validate());
        Assert.Empty(DeploymentSpec.BlueGreen(Stable, Candidate).Validate());
        Assert.Empty(DeploymentSpec.Canary(Stable, Candidate).Validate());
        Assert.Empty(DeploymentSpec.Shadow(Stable, Candidate, 0.1).Validate());
        Assert.Empty(DeploymentSpec.AB(Stable, Candidate, 0.2, "user_id").Validate());
    }

    [Fact]
    public void Validate_WrongNumberOfModels_NamesTheCandidate()
    {
        var single = DeploymentSpec.Single(Stable) with { Candidate = Candidate };
        var canary = DeploymentSpec.Canary(Stable, Candidate) with { Candidate = null };

        Assert.StartsWith("candidate:", Assert.Single(single.Validate()), StringComparison.Ordinal);
        Assert.Equal("candidate: the canary strategy needs a second model", Assert.Single(canary.Validate()));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_ShadowFractionOutOfRange_NamesTheField(double fraction)
    {
        Assert.StartsWith("shadow_fraction:", Assert.Single(DeploymentSpec.Shadow(Stable, Candidate, fraction).Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validate_VariantShareAtAnEnd_NamesTheField(double share)
    {
        Assert.StartsWith("variant_share:", Assert.Single(DeploymentSpec.AB(Stable, Candidate, share).Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CanaryParameters_ListsEveryProblem()
    {
        var spec = DeploymentSpec.Canary(Stable, Candidate, new DeploymentParameters
        {
            CanarySteps = [0, 50], StepDuration = TimeSpan.Zero, MinRequests = 0, RollbackGate = "error_rate >",
        });

        var problems = spec.Validate();

        Assert.Equal(["canary_steps", "step_duration", "min_requests", "rollback_gate"], problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void CandidateShare_PerStrategy()
    {
        var canary = DeploymentSpec.Canary(Stable, Candidate, new DeploymentParameters { CanarySteps = [5, 30, 100] });

        Assert.Equal(0.05, canary.CandidateShare);
        Assert.Equal(0.30, (canary with { Parameters = canary.Parameters with { CanaryStep = 1 } }).CandidateShare);
        Assert.Equal(0.4, DeploymentSpec.AB(Stable, Candidate, 0.4).CandidateShare);
        Assert.Equal(0.0, DeploymentSpec.Shadow(Stable, Candidate).CandidateShare);
        Assert.Equal(0.0, DeploymentSpec.BlueGreen(Stable, Candidate).CandidateShare);
    }
}
