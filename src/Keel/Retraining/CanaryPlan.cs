using Keel.Serving.Deployments;

namespace Keel.Retraining;

/// <summary>
/// The canary part of a release plan, as written in the policy file; <see cref="ToParameters"/> gives the
/// <see cref="DeploymentParameters"/> a canary revision runs with.
/// </summary>
/// <param name="Steps">The candidate's traffic share per step, in percent, strictly increasing within (0, 100], ending at 100.</param>
/// <param name="StepDuration">How long each step runs before its gates are judged.</param>
/// <param name="RollbackGate">Rolls back at once when true, or null; see <see cref="DeploymentParameters.RollbackGate"/>.</param>
/// <param name="PromoteGate">Must hold at the end of each step, or null; see <see cref="DeploymentParameters.PromoteGate"/>.</param>
/// <param name="QualityGate">Must hold on labelled feedback, or null; see <see cref="DeploymentParameters.QualityGate"/>.</param>
/// <param name="MinLabels">Labels the candidate needs before the quality gate is judged.</param>
/// <param name="MinRequests">Requests the candidate needs in a step before any gate is judged.</param>
public sealed record CanaryPlan(
    IReadOnlyList<double> Steps,
    TimeSpan StepDuration,
    string? RollbackGate,
    string? PromoteGate,
    string? QualityGate,
    long MinLabels,
    long MinRequests)
{
    private static readonly DeploymentParameters Defaults = new();

    /// <summary>The default ladder and durations of <see cref="DeploymentParameters"/>, with no gates.</summary>
    public static CanaryPlan Default { get; } = new(
        DeploymentParameters.DefaultCanarySteps, Defaults.StepDuration, null, null, null, Defaults.MinLabels, Defaults.MinRequests);

    /// <summary>The parameters of the canary's first revision.</summary>
    public DeploymentParameters ToParameters() => new()
    {
        CanarySteps = Steps,
        CanaryStep = 0,
        StepDuration = StepDuration,
        RollbackGate = RollbackGate,
        PromoteGate = PromoteGate,
        QualityGate = QualityGate,
        MinLabels = MinLabels,
        MinRequests = MinRequests,
    };
}
