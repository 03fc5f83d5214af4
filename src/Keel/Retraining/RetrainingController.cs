using System.Globalization;
using Keel.Data;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Registry;
using Keel.Serving.Deployments;

namespace Keel.Retraining;

/// <summary>
/// The decisions of the retraining loop, as pure functions: whether to retrain now (<see cref="Decide"/>), whether a
/// trained candidate may be released (<see cref="Judge"/>), and how to release it (<see cref="Plan"/>). Everything,
/// the time included, is passed in, so the same inputs always give the same answer and a fake clock tests it all.
/// Thread-safe (stateless).
/// </summary>
public static class RetrainingController
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether to start a retrain at <paramref name="now"/>. Rules, in order (docs/retraining.md): a trigger must fire;
    /// no retrain may be in progress; the cooldown since the last retrain must be over; fewer than <c>max_per_day</c>
    /// retrains may have started in the last 24 hours; enough new labelled rows must have arrived; then the policy's
    /// approval mode says retrain or ask. The first rule that fails is the hold's reason.
    /// </summary>
    /// <param name="policy">The deployment's policy.</param>
    /// <param name="signals">What the monitors say now.</param>
    /// <param name="history">The deployment's retrains so far.</param>
    /// <param name="now">The current time, from the caller's <see cref="TimeProvider"/>.</param>
    public static RetrainingDecision Decide(RetrainingPolicy policy, RetrainingSignals signals, RetrainingHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(history);
        var counted = history.Retrains.Where(r => r.Counts && r.StartedAt <= now).OrderBy(r => r.StartedAt).ToList();
        var lastStart = counted.Count > 0 ? counted[^1].StartedAt : (DateTimeOffset?)null;

        RetrainingTrigger? fired = null;
        string? cause = null;
        string? tooFewLabels = null;
        foreach (var trigger in policy.Triggers)
        {
            var (fires, detail, lacksLabels) = Check(trigger, signals, lastStart ?? history.Since, now);
            if (fires)
            {
                (fired, cause) = (trigger, detail);
                break;
            }
            tooFewLabels ??= lacksLabels;
        }
        if (fired is null)
        {
            return tooFewLabels is not null
                ? RetrainingDecision.Hold(HoldReason.TooFewLabels, null, tooFewLabels)
                : RetrainingDecision.Hold(HoldReason.NoTrigger, null, "no trigger fires");
        }

        var guardrails = policy.Guardrails;
        if (history.Retrains.Where(r => r.IsActive).OrderBy(r => r.StartedAt).FirstOrDefault() is { } active)
        {
            var state = active.Outcome == RetrainOutcome.AwaitingApproval ? "is awaiting approval" : "is still running";
            return RetrainingDecision.Hold(HoldReason.InProgress, fired, $"{cause}, but the retrain started {Show(active.StartedAt)} ({active.Cause}) {state}");
        }
        if (lastStart is { } last && guardrails.Cooldown > TimeSpan.Zero && last + guardrails.Cooldown > now)
        {
            var until = last + guardrails.Cooldown;
            return RetrainingDecision.Hold(HoldReason.Cooldown, fired, $"{cause}, but the last retrain started {Show(last)}: cooling down until {Show(until)}", until);
        }
        var inDay = counted.Where(r => r.StartedAt > now - Day).ToList();
        if (inDay.Count >= guardrails.MaxPerDay)
        {
            // The window drops below the limit once the (count - max + 1)-th oldest start in it is 24 hours old.
            var until = inDay[inDay.Count - guardrails.MaxPerDay].StartedAt + Day;
            return RetrainingDecision.Hold(HoldReason.DailyLimit, fired,
                $"{cause}, but {inDay.Count} retrain{(inDay.Count == 1 ? "" : "s")} started in the last 24 hours (max_per_day {guardrails.MaxPerDay}): held until {Show(until)}", until);
        }
        if (signals.NewLabelledRows < guardrails.MinNewRows)
        {
            return RetrainingDecision.Hold(HoldReason.NotEnoughNewRows, fired,
                $"{cause}, but only {signals.NewLabelledRows} new labelled rows since the last training (min_new_rows {guardrails.MinNewRows})");
        }
        return guardrails.Approval == ApprovalMode.Required
            ? new RetrainingDecision(RetrainingAction.AwaitApproval, fired, null, null, $"{cause}: awaiting approval")
            : new RetrainingDecision(RetrainingAction.Retrain, fired, null, null, cause!);
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> may be registered and released, by the policy's gate evaluated against
    /// <paramref name="champion"/> (both measured on the same recent labelled holdout). Without a champion (the first
    /// model) a gate that compares with it passes and says so; without a gate every candidate is accepted.
    /// </summary>
    public static CandidateVerdict Judge(RetrainingPolicy policy, IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double>? champion)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(candidate);
        if (policy.Guardrails.Gate is not { } gate)
        {
            return new CandidateVerdict(true, null, "no gate: every candidate is released");
        }
        var others = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        if (champion is not null)
        {
            others[RetrainingPolicyFile.ChampionAlias] = champion;
        }
        var outcome = gate.Evaluate(candidate, others);
        var verdict = outcome.Passed ? "passed" : "failed";
        return new CandidateVerdict(outcome.Passed, outcome, $"gate '{outcome.Gate}' {verdict}: {outcome.Detail}");
    }

    /// <summary>
    /// Measures <paramref name="candidate"/> and <paramref name="champion"/> on the same labelled
    /// <paramref name="holdout"/> (e.g. recent traffic with feedback, <see cref="LabelledTraffic"/>) and judges the
    /// candidate by the policy's gate (<see cref="Judge"/>).
    /// </summary>
    /// <returns>The verdict and both models' metrics on the holdout (the champion's null when there is none).</returns>
    public static (CandidateVerdict Verdict, IReadOnlyDictionary<string, double> Candidate, IReadOnlyDictionary<string, double>? Champion) JudgeOnHoldout(
        RetrainingPolicy policy, Model candidate, Model? champion, Frame holdout)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(holdout);
        var candidateMetrics = ModelEvaluation.Evaluate(candidate, holdout, out _);
        var championMetrics = champion is null ? null : ModelEvaluation.Evaluate(champion, holdout, out _);
        return (Judge(policy, candidateMetrics, championMetrics), candidateMetrics, championMetrics);
    }

    /// <summary>
    /// The revisions that release <paramref name="candidate"/> in place of <paramref name="champion"/>: a shadow stage
    /// when the plan has one, then a canary with the plan's parameters (its last step promotes); with neither, one
    /// switch to the candidate alone.
    /// </summary>
    public static IReadOnlyList<ReleaseStage> Plan(RetrainingPolicy policy, ModelReference champion, ModelReference candidate)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var release = policy.Release;
        var stages = new List<ReleaseStage>();
        if (release.Shadow is { } shadow)
        {
            stages.Add(new ReleaseStage("shadow", DeploymentSpec.Shadow(champion, candidate, release.ShadowFraction), shadow));
        }
        if (policy.CanaryParameters() is { } parameters)
        {
            stages.Add(new ReleaseStage("canary", DeploymentSpec.Canary(champion, candidate, parameters), parameters.StepDuration * parameters.CanarySteps.Count));
        }
        else
        {
            stages.Add(new ReleaseStage("switch", DeploymentSpec.Single(candidate), TimeSpan.Zero));
        }
        return stages;
    }

    /// <summary>Whether <paramref name="trigger"/> fires, a sentence saying why, and a note when only labels are missing.</summary>
    private static (bool Fires, string Detail, string? TooFewLabels) Check(RetrainingTrigger trigger, RetrainingSignals signals, DateTimeOffset lastRun, DateTimeOffset now)
    {
        switch (trigger)
        {
            case AlertTrigger alert:
                return (signals.FiringAlerts.Contains(alert.AlertName), $"alert '{alert.AlertName}' is firing", null);
            case PerformanceTrigger p when signals.RealizedMetrics.TryGetValue(p.Metric, out var value) && p.IsPast(value):
                var seen = $"{p.Metric} is {Show(value)} (trigger: {p.Metric} {p.Bound})";
                return signals.LabelCount >= p.MinLabels
                    ? (true, $"{seen} on {signals.LabelCount} labels", null)
                    : (false, "", $"{seen} but on only {signals.LabelCount} labels, fewer than min_labels {p.MinLabels}");
            case ScheduleTrigger s when s.NextAfter(lastRun) is { } due && due <= now:
                return (true, $"schedule '{s.Cron}' was due at {Show(due)}", null);
            case LabelsTrigger l when signals.NewLabelledRows >= l.NewRows:
                return (true, $"{signals.NewLabelledRows} new labelled rows (labels trigger at {l.NewRows})", null);
            default:
                return (false, "", null);
        }
    }

    private static string Show(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Show(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
