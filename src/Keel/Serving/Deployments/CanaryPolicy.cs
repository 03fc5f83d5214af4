using System.Globalization;
using Keel.Registry;

namespace Keel.Serving.Deployments;

/// <summary>
/// The canary rules, as a pure function of a revision, the time and the two roles' metrics under that revision:
/// <list type="number">
/// <item>Until the candidate has answered <see cref="DeploymentParameters.MinRequests"/> requests in the step, hold.</item>
/// <item>If the rollback gate's condition holds, roll back at once.</item>
/// <item>Until <see cref="DeploymentParameters.StepDuration"/> has passed since the step's revision was written, hold.</item>
/// <item>
/// Judge the promotion gate and, once the candidate has <see cref="DeploymentParameters.MinLabels"/> labels, the quality
/// gate. If one fails, roll back; otherwise advance to the next step, or promote after the last.
/// </item>
/// </list>
/// Gates see the candidate's metrics by bare name and the stable model's as <c>stable.NAME</c>
/// (<see cref="RoleMetricsSnapshot.ToGateMetrics"/>).
/// </summary>
public static class CanaryPolicy
{
    /// <summary>The alias under which gates see the stable model's metrics.</summary>
    public const string StableAlias = "stable";

    /// <summary>Decides what to do with <paramref name="revision"/> at <paramref name="now"/>.</summary>
    public static CanaryDecision Decide(DeploymentRevision revision, DateTimeOffset now, RoleMetricsSnapshot stable, RoleMetricsSnapshot candidate)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(stable);
        ArgumentNullException.ThrowIfNull(candidate);
        var spec = revision.Spec;
        if (spec.Strategy != DeploymentStrategy.Canary)
        {
            return Hold($"revision {revision.Number} is {StrategyNames.ToText(spec.Strategy)}, not a canary", []);
        }
        var p = spec.Parameters;
        var step = $"step {p.CanaryStep + 1}/{p.CanarySteps.Count} ({Show(p.CanarySteps[p.CanaryStep])}%)";
        if (candidate.Requests < p.MinRequests)
        {
            return Hold($"{step}: the candidate answered {candidate.Requests} of the {p.MinRequests} requests a decision needs", []);
        }

        var metrics = candidate.ToGateMetrics();
        var others = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal) { [StableAlias] = stable.ToGateMetrics() };
        var gates = new List<GateOutcome>();
        if (p.RollbackGate is { } rollbackGate)
        {
            var outcome = ModelGate.Parse(rollbackGate).Evaluate(metrics, others);
            var held = outcome.Passed;
            gates.Add(new GateOutcome($"rollback when {outcome.Gate}", !held, outcome.Detail));
            if (held)
            {
                return new CanaryDecision(CanaryAction.RollBack, $"{step}: rollback gate '{rollbackGate}' held ({outcome.Detail})", gates);
            }
        }

        var elapsed = now - revision.CreatedAt;
        if (elapsed < p.StepDuration)
        {
            return Hold($"{step}: running until {(revision.CreatedAt + p.StepDuration).ToString("O", CultureInfo.InvariantCulture)}", gates);
        }
        if (p.PromoteGate is { } promoteGate)
        {
            gates.Add(ModelGate.Parse(promoteGate).Evaluate(metrics, others));
        }
        if (p.QualityGate is { } qualityGate)
        {
            gates.Add(candidate.QualityCount >= p.MinLabels
                ? ModelGate.Parse(qualityGate).Evaluate(metrics, others)
                : new GateOutcome(qualityGate, true, $"skipped: {candidate.QualityCount} of the {p.MinLabels} labels it needs"));
        }
        var failed = gates.Find(g => !g.Passed);
        if (failed is not null)
        {
            return new CanaryDecision(CanaryAction.RollBack, $"{step}: gate '{failed.Gate}' failed ({failed.Detail})", gates);
        }
        var passed = gates.Count == 0 ? "no gates" : string.Join("; ", gates.Select(g => $"'{g.Gate}' passed ({g.Detail})"));
        return p.CanaryStep == p.CanarySteps.Count - 1
            ? new CanaryDecision(CanaryAction.Promote, $"{step} passed, the last: promoting ({passed})", gates)
            : new CanaryDecision(CanaryAction.Advance,
                $"{step} passed: advancing to {Show(p.CanarySteps[p.CanaryStep + 1])}% ({passed})", gates);
    }

    private static CanaryDecision Hold(string reason, IReadOnlyList<GateOutcome> gates) => new(CanaryAction.Hold, reason, gates);

    private static string Show(double percent) => percent.ToString(CultureInfo.InvariantCulture);
}
