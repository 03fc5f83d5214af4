using Keel.Registry;
using Keel.Retraining;
using Keel.Tests.Support;

namespace Keel.Tests.Retraining;

/// <summary>
/// The three decisions driven together the way the server will drive them, under a fake clock: training, judging and
/// releasing are simulated (each takes a fixed time), the decisions are the real ones.
/// </summary>
public sealed class RetrainingLoopTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Training = TimeSpan.FromMinutes(30);

    [Fact]
    public void Decide_DriftWithAWorseThenABetterCandidate_RejectsTheWorseAndPromotesTheBetter()
    {
        var policy = RetrainingPolicyFile.Parse("""
            deployment: credit
            pipeline: p.yaml
            triggers: [{type: alert, name: high-drift}]
            guardrails: {max_per_day: 2, cooldown: 6h, gate: "auc >= champion.auc + 0.005"}
            release: {shadow: 1h, canary: {steps: [50, 100], step_duration: 30m}}
            """, "r.yaml");
        var clock = new ManualTimeProvider(T0);
        var champion = new ModelReference("credit", 1, null);
        var championAuc = 0.82;
        var candidateAucs = new Queue<double>([0.80, 0.85]);
        var history = RetrainingHistory.Empty(T0);
        var drifting = true;
        var story = new List<string>();
        (DateTimeOffset Ends, double Auc)? training = null;
        (DateTimeOffset Ends, ModelReference Model, double Auc)? release = null;

        while (clock.GetUtcNow() < T0.AddDays(2))
        {
            var now = clock.GetUtcNow();
            if (training is { } t && now >= t.Ends)
            {
                training = null;
                var candidate = new ModelReference("credit", champion.Version + 1, null);
                var verdict = RetrainingController.Judge(policy, Auc(t.Auc), Auc(championAuc));
                if (verdict.Accepted)
                {
                    var stages = RetrainingController.Plan(policy, champion, candidate);
                    story.Add($"{now:HH:mm} accepted {t.Auc}: {string.Join(", ", stages.Select(s => s.Name))}");
                    release = (now + stages.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration), candidate, t.Auc);
                }
                else
                {
                    story.Add($"{now:HH:mm} rejected {t.Auc}");
                    history = Finish(history, RetrainOutcome.Rejected);
                }
            }
            if (release is { } r && now >= r.Ends)
            {
                release = null;
                (champion, championAuc, drifting) = (r.Model, r.Auc, false);
                story.Add($"{now:HH:mm} promoted v{champion.Version}");
                history = Finish(history, RetrainOutcome.Promoted);
            }
            var signals = drifting ? new RetrainingSignals { FiringAlerts = new HashSet<string> { "high-drift" } } : RetrainingSignals.None;
            var decision = RetrainingController.Decide(policy, signals, history, now);
            if (decision.ShouldRetrain)
            {
                story.Add($"{now:HH:mm} retrain ({decision.Trigger!.Describe()})");
                history = history.With(new RetrainRecord(now, decision.Trigger.Describe(), RetrainOutcome.Running));
                training = (now + Training, candidateAucs.Dequeue());
            }
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(
            [
                "00:00 retrain (alert high-drift)",
                "00:30 rejected 0.8",
                "06:00 retrain (alert high-drift)",
                "06:30 accepted 0.85: shadow, canary",
                "08:30 promoted v2",
            ],
            story);
        Assert.Equal(new ModelReference("credit", 2, null), champion);
        Assert.Equal([RetrainOutcome.Rejected, RetrainOutcome.Promoted], history.Retrains.Select(x => x.Outcome));
    }

    private static RetrainingHistory Finish(RetrainingHistory history, RetrainOutcome outcome) =>
        history with { Retrains = [.. history.Retrains.Select(x => x.IsActive ? x with { Outcome = outcome } : x)] };

    private static Dictionary<string, double> Auc(double value) => new() { ["auc"] = value };
}
