using Keel.Serving.Deployments;

namespace Keel.Retraining;

/// <summary>
/// When and how one deployment is retrained and its candidates released (docs/retraining.md). Read one with
/// <see cref="RetrainingPolicyFile"/>; decide with <see cref="RetrainingController"/>. Immutable.
/// </summary>
public sealed record RetrainingPolicy
{
    /// <summary>The deployment this policy retrains.</summary>
    public required string Deployment { get; init; }

    /// <summary>The pipeline file that trains a candidate, as written (relative paths are relative to the policy file).</summary>
    public required string Pipeline { get; init; }

    /// <summary>The triggers, in file order; when several fire at once the first is the one recorded.</summary>
    public required IReadOnlyList<RetrainingTrigger> Triggers { get; init; }

    /// <summary>What a retrain trains and compares on.</summary>
    public RetrainingData Data { get; init; } = RetrainingData.Default;

    /// <summary>The limits on starting retrains and the candidate's gate.</summary>
    public RetrainingGuardrails Guardrails { get; init; } = RetrainingGuardrails.Default;

    /// <summary>How an accepted candidate is released.</summary>
    public ReleasePlan Release { get; init; } = ReleasePlan.Default;

    /// <summary>The parameters of the release's canary revision, or null when the plan has no canary.</summary>
    public DeploymentParameters? CanaryParameters() => Release.Canary?.ToParameters();
}
