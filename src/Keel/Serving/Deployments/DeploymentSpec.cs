using System.Globalization;
using Keel.Data.Expressions;
using Keel.Registry;

namespace Keel.Serving.Deployments;

/// <summary>
/// What a revision serves: a strategy, the model per role and the strategy's parameters. Build one with the factory
/// methods; <see cref="Validate"/> lists what is wrong. Immutable.
/// </summary>
/// <param name="Strategy">How traffic is shared.</param>
/// <param name="Primary">The primary model (see <see cref="DeploymentRole.Primary"/>).</param>
/// <param name="Candidate">The candidate model; null exactly when the strategy is <see cref="DeploymentStrategy.Single"/>.</param>
/// <param name="Parameters">The strategy's parameters.</param>
public sealed record DeploymentSpec(DeploymentStrategy Strategy, ModelReference Primary, ModelReference? Candidate, DeploymentParameters Parameters)
{
    /// <summary>One model answers everything.</summary>
    public static DeploymentSpec Single(ModelReference model) => new(DeploymentStrategy.Single, model, null, new DeploymentParameters());

    /// <summary><paramref name="live"/> answers everything; <paramref name="standby"/> is kept warm for the switch.</summary>
    public static DeploymentSpec BlueGreen(ModelReference live, ModelReference standby) =>
        new(DeploymentStrategy.BlueGreen, live, standby, new DeploymentParameters());

    /// <summary>A canary at its first step; <paramref name="parameters"/> defaults to the default ladder and no gates.</summary>
    public static DeploymentSpec Canary(ModelReference stable, ModelReference candidate, DeploymentParameters? parameters = null) =>
        new(DeploymentStrategy.Canary, stable, candidate, (parameters ?? new DeploymentParameters()) with { CanaryStep = 0 });

    /// <summary><paramref name="primary"/> answers; <paramref name="fraction"/> of requests are mirrored to <paramref name="shadow"/>.</summary>
    public static DeploymentSpec Shadow(ModelReference primary, ModelReference shadow, double fraction = 1.0) =>
        new(DeploymentStrategy.Shadow, primary, shadow, new DeploymentParameters { ShadowFraction = fraction });

    /// <summary>Variant A and B; B takes <paramref name="variantShare"/> of callers, sticky by <paramref name="stickyKey"/>.</summary>
    public static DeploymentSpec AB(ModelReference variantA, ModelReference variantB, double variantShare = 0.5, string? stickyKey = null) =>
        new(DeploymentStrategy.AB, variantA, variantB, new DeploymentParameters { VariantShare = variantShare, StickyKey = stickyKey });

    /// <summary>The model of <paramref name="role"/>, or null when the revision has none.</summary>
    public ModelReference? ModelFor(DeploymentRole role) => role == DeploymentRole.Primary ? Primary : Candidate;

    /// <summary>The candidate's share of answered traffic in [0, 1]: the canary step's share, variant B's share, else 0.</summary>
    public double CandidateShare => Strategy switch
    {
        DeploymentStrategy.Canary => Parameters.CanarySteps[Math.Clamp(Parameters.CanaryStep, 0, Parameters.CanarySteps.Count - 1)] / 100.0,
        DeploymentStrategy.AB => Parameters.VariantShare,
        _ => 0.0,
    };

    /// <summary>Everything wrong with this specification, each naming the field; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var p = Parameters;
        if (Strategy == DeploymentStrategy.Single && Candidate is not null)
        {
            problems.Add("candidate: a single deployment serves one model; use blue_green, canary, shadow or ab to add a second");
        }
        if (Strategy != DeploymentStrategy.Single && Candidate is null)
        {
            problems.Add($"candidate: the {StrategyNames.ToText(Strategy)} strategy needs a second model");
        }
        switch (Strategy)
        {
            case DeploymentStrategy.Canary:
                ValidateCanary(p, problems);
                break;
            case DeploymentStrategy.Shadow when !(p.ShadowFraction > 0 && p.ShadowFraction <= 1):
                problems.Add($"shadow_fraction: {Show(p.ShadowFraction)} is not in (0, 1]");
                break;
            case DeploymentStrategy.AB when !(p.VariantShare > 0 && p.VariantShare < 1):
                problems.Add($"variant_share: {Show(p.VariantShare)} is not in (0, 1); a share of 0 or 1 is a single deployment");
                break;
        }
        if (p.StickyKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            problems.Add("sticky_key: empty; leave it out to split at random");
        }
        return problems;
    }

    private static void ValidateCanary(DeploymentParameters p, List<string> problems)
    {
        var steps = p.CanarySteps;
        if (steps.Count == 0)
        {
            problems.Add("canary_steps: empty; give the candidate's share per step in percent, e.g. [5, 25, 50, 100]");
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (!(steps[i] > 0 && steps[i] <= 100) || (i > 0 && steps[i] <= steps[i - 1]))
            {
                problems.Add($"canary_steps: step {i + 1} is {Show(steps[i])}; steps must rise strictly within (0, 100]");
                break;
            }
        }
        if (p.CanaryStep < 0 || (steps.Count > 0 && p.CanaryStep >= steps.Count))
        {
            problems.Add($"canary_step: {p.CanaryStep} is not an index into {steps.Count} steps");
        }
        if (p.StepDuration <= TimeSpan.Zero)
        {
            problems.Add($"step_duration: {p.StepDuration} is not positive");
        }
        if (p.MinRequests < 1)
        {
            problems.Add($"min_requests: {p.MinRequests} is less than 1");
        }
        if (p.MinLabels < 1)
        {
            problems.Add($"min_labels: {p.MinLabels} is less than 1");
        }
        CheckGate("promote_gate", p.PromoteGate, problems);
        CheckGate("rollback_gate", p.RollbackGate, problems);
        CheckGate("quality_gate", p.QualityGate, problems);
    }

    private static void CheckGate(string field, string? gate, List<string> problems)
    {
        if (gate is null)
        {
            return;
        }
        try
        {
            ModelGate.Parse(gate);
        }
        catch (ExpressionException ex)
        {
            problems.Add($"{field}: {ex.Message}");
        }
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
