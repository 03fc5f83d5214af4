using Keel.Retraining;
using Keel.Tests.Support;

namespace Keel.Tests.Retraining;

public sealed class RetrainingControllerDecideTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(5);

    private static readonly RetrainingSignals Drifting = new() { FiringAlerts = new HashSet<string> { "high-drift" }, NewLabelledRows = 5_000 };

    [Fact]
    public void Decide_DriftAlertFires_Retrains()
    {
        var decision = RetrainingController.Decide(Policy(), Drifting, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(RetrainingAction.Retrain, decision.Action);
        Assert.Equal(new AlertTrigger("high-drift"), decision.Trigger);
        Assert.Null(decision.Reason);
        Assert.Contains("alert 'high-drift' is firing", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NothingFires_HoldsWithNoTrigger()
    {
        var decision = RetrainingController.Decide(Policy(), RetrainingSignals.None, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(RetrainingAction.Hold, decision.Action);
        Assert.Equal(HoldReason.NoTrigger, decision.Reason);
        Assert.Null(decision.Trigger);
    }

    [Fact]
    public void Decide_AlertFiresAgainWithinCooldown_HoldsUntilTheCooldownEnds()
    {
        var history = RetrainingHistory.Empty(T0).With(new RetrainRecord(T0, "alert high-drift", RetrainOutcome.Promoted));

        var during = RetrainingController.Decide(Policy(), Drifting, history, T0.AddHours(2));
        var after = RetrainingController.Decide(Policy(), Drifting, history, T0.AddHours(6));

        Assert.Equal(HoldReason.Cooldown, during.Reason);
        Assert.Equal(T0.AddHours(6), during.Until);
        Assert.Equal(new AlertTrigger("high-drift"), during.Trigger);
        Assert.Contains("cooling down until 2026-03-02T06:00:00Z", during.Detail, StringComparison.Ordinal);
        Assert.Equal(RetrainingAction.Retrain, after.Action);
    }

    [Theory]
    [InlineData("6h", 14)]
    [InlineData("0s", 14)]
    [InlineData("30h", 6)]
    public void Decide_DriftPersistsForAWeek_NeverMoreThanMaxPerDayInAny24Hours(string cooldown, int expectedRetrains)
    {
        // The alert fires on every 5-minute tick for 7 days; each retrain takes 30 minutes and its candidate is
        // rejected, so the drift never goes away. A retrain storm would start one every tick.
        var policy = Policy(guardrails: $"{{max_per_day: 2, cooldown: {cooldown}}}");
        var clock = new ManualTimeProvider(T0);
        var history = RetrainingHistory.Empty(T0);
        var starts = new List<DateTimeOffset>();
        while (clock.GetUtcNow() < T0.AddDays(7))
        {
            var now = clock.GetUtcNow();
            history = history with
            {
                Retrains = [.. history.Retrains.Select(r => r.IsActive && now - r.StartedAt >= TimeSpan.FromMinutes(30) ? r with { Outcome = RetrainOutcome.Rejected } : r)],
            };
            var decision = RetrainingController.Decide(policy, Drifting, history, now);
            if (decision.ShouldRetrain)
            {
                starts.Add(now);
                history = history.With(new RetrainRecord(now, decision.Trigger!.Describe(), RetrainOutcome.Running));
            }
            else
            {
                Assert.Equal(RetrainingAction.Hold, decision.Action);
                Assert.NotEqual(HoldReason.NoTrigger, decision.Reason);
            }
            clock.Advance(Tick);
        }

        Assert.Equal(expectedRetrains, starts.Count);
        foreach (var start in starts)
        {
            Assert.True(starts.Count(s => s > start - TimeSpan.FromDays(1) && s <= start) <= 2, $"more than 2 retrains in the 24 hours up to {start:O}");
        }
    }

    [Fact]
    public void Decide_DailyLimitReached_HoldsUntilTheOldestStartLeavesTheWindow()
    {
        var policy = Policy(guardrails: "{max_per_day: 2, cooldown: 0s}");
        var history = RetrainingHistory.Empty(T0)
            .With(new RetrainRecord(T0.AddHours(1), "alert high-drift", RetrainOutcome.Rejected))
            .With(new RetrainRecord(T0.AddHours(3), "alert high-drift", RetrainOutcome.RolledBack))
            .With(new RetrainRecord(T0.AddHours(-30), "alert high-drift", RetrainOutcome.Promoted));

        var held = RetrainingController.Decide(policy, Drifting, history, T0.AddHours(10));
        var lifted = RetrainingController.Decide(policy, Drifting, history, T0.AddHours(25));

        Assert.Equal(HoldReason.DailyLimit, held.Reason);
        Assert.Equal(T0.AddHours(25), held.Until);
        Assert.Contains("2 retrains started in the last 24 hours (max_per_day 2)", held.Detail, StringComparison.Ordinal);
        Assert.Equal(RetrainingAction.Retrain, lifted.Action);
    }

    [Fact]
    public void Decide_TooFewNewRows_HoldsWithNotEnoughNewRows()
    {
        var policy = Policy(guardrails: "{min_new_rows: 1000}");

        var decision = RetrainingController.Decide(policy, Drifting with { NewLabelledRows = 999 }, RetrainingHistory.Empty(T0), T0);
        var enough = RetrainingController.Decide(policy, Drifting with { NewLabelledRows = 1000 }, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(HoldReason.NotEnoughNewRows, decision.Reason);
        Assert.Contains("only 999 new labelled rows", decision.Detail, StringComparison.Ordinal);
        Assert.Equal(RetrainingAction.Retrain, enough.Action);
    }

    [Theory]
    [InlineData(RetrainOutcome.Running, "is still running")]
    [InlineData(RetrainOutcome.AwaitingApproval, "is awaiting approval")]
    public void Decide_RetrainInProgress_HoldsWithInProgress(RetrainOutcome outcome, string expected)
    {
        var history = RetrainingHistory.Empty(T0).With(new RetrainRecord(T0, "alert high-drift", outcome));

        // A day later: neither the cooldown nor the daily limit would hold it.
        var decision = RetrainingController.Decide(Policy(), Drifting, history, T0.AddDays(1));

        Assert.Equal(HoldReason.InProgress, decision.Reason);
        Assert.Contains(expected, decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ApprovalRequired_AwaitsApproval()
    {
        var policy = Policy(guardrails: "{approval: required}");

        var decision = RetrainingController.Decide(policy, Drifting, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(RetrainingAction.AwaitApproval, decision.Action);
        Assert.False(decision.ShouldRetrain);
        Assert.Equal(new AlertTrigger("high-drift"), decision.Trigger);
        Assert.Contains("awaiting approval", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ApprovalRequiredButGuardrailHolds_HoldsInsteadOfAsking()
    {
        var policy = Policy(guardrails: "{approval: required, cooldown: 6h}");
        var history = RetrainingHistory.Empty(T0).With(new RetrainRecord(T0, "alert high-drift", RetrainOutcome.Promoted));

        var decision = RetrainingController.Decide(policy, Drifting, history, T0.AddHours(1));

        Assert.Equal(HoldReason.Cooldown, decision.Reason);
    }

    [Fact]
    public void Decide_DeclinedApproval_CountsAgainstNoLimit()
    {
        var history = RetrainingHistory.Empty(T0).With(new RetrainRecord(T0, "alert high-drift", RetrainOutcome.Declined));

        var decision = RetrainingController.Decide(Policy(), Drifting, history, T0.AddMinutes(5));

        Assert.Equal(RetrainingAction.Retrain, decision.Action);
    }

    [Fact]
    public void Decide_ScheduleTrigger_FiresAtTheCronTimeEachDay()
    {
        var policy = Policy(triggers: "[{type: schedule, cron: \"0 0 3 * * ?\"}]");
        var clock = new ManualTimeProvider(T0);
        var history = RetrainingHistory.Empty(T0);
        var starts = new List<DateTimeOffset>();
        while (clock.GetUtcNow() < T0.AddDays(3))
        {
            var now = clock.GetUtcNow();
            var decision = RetrainingController.Decide(policy, RetrainingSignals.None, history, now);
            if (decision.ShouldRetrain)
            {
                Assert.IsType<ScheduleTrigger>(decision.Trigger);
                starts.Add(now);
                history = history.With(new RetrainRecord(now, decision.Trigger!.Describe(), RetrainOutcome.Promoted));
            }
            clock.Advance(Tick);
        }

        Assert.Equal([T0.AddHours(3), T0.AddHours(27), T0.AddHours(51)], starts);
    }

    [Fact]
    public void Decide_ScheduleTimeFallsInCooldown_RunsOnceTheCooldownEnds()
    {
        // A drift retrain at 01:00 starts a 6-hour cooldown; the 03:00 schedule is held, not lost, and runs at 07:00.
        var policy = Policy(triggers: "[{type: schedule, cron: \"0 0 3 * * ?\"}]", guardrails: "{cooldown: 6h}");
        var history = RetrainingHistory.Empty(T0).With(new RetrainRecord(T0.AddHours(1), "alert high-drift", RetrainOutcome.Promoted));

        var beforeCron = RetrainingController.Decide(policy, RetrainingSignals.None, history, T0.AddHours(2));
        var atCron = RetrainingController.Decide(policy, RetrainingSignals.None, history, T0.AddHours(3));
        var afterCooldown = RetrainingController.Decide(policy, RetrainingSignals.None, history, T0.AddHours(7));

        Assert.Equal(HoldReason.NoTrigger, beforeCron.Reason);
        Assert.Equal(HoldReason.Cooldown, atCron.Reason);
        Assert.IsType<ScheduleTrigger>(atCron.Trigger);
        Assert.Equal(T0.AddHours(7), atCron.Until);
        Assert.Equal(RetrainingAction.Retrain, afterCooldown.Action);
        Assert.Contains("was due at 2026-03-02T03:00:00Z", afterCooldown.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_LabelsTrigger_FiresAtTheThreshold()
    {
        var policy = Policy(triggers: "[{type: labels, new: 5000}]");

        var below = RetrainingController.Decide(policy, new RetrainingSignals { NewLabelledRows = 4_999 }, RetrainingHistory.Empty(T0), T0);
        var at = RetrainingController.Decide(policy, new RetrainingSignals { NewLabelledRows = 5_000 }, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(HoldReason.NoTrigger, below.Reason);
        Assert.Equal(RetrainingAction.Retrain, at.Action);
        Assert.Equal(new LabelsTrigger(5_000), at.Trigger);
    }

    [Fact]
    public void Decide_PerformanceUnderFloorOnTooFewLabels_HoldsWithTooFewLabels()
    {
        var policy = Policy(triggers: "[{type: performance, metric: accuracy, below: 0.75, min_labels: 200}]");
        var signals = new RetrainingSignals { RealizedMetrics = new Dictionary<string, double> { ["accuracy"] = 0.70 }, LabelCount = 150, NewLabelledRows = 150 };

        var few = RetrainingController.Decide(policy, signals, RetrainingHistory.Empty(T0), T0);
        var enough = RetrainingController.Decide(policy, signals with { LabelCount = 200 }, RetrainingHistory.Empty(T0), T0);
        var fine = RetrainingController.Decide(policy, signals with { LabelCount = 200, RealizedMetrics = new Dictionary<string, double> { ["accuracy"] = 0.80 } }, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(HoldReason.TooFewLabels, few.Reason);
        Assert.Contains("accuracy is 0.7", few.Detail, StringComparison.Ordinal);
        Assert.Contains("only 150 labels, fewer than min_labels 200", few.Detail, StringComparison.Ordinal);
        Assert.Equal(RetrainingAction.Retrain, enough.Action);
        Assert.IsType<PerformanceTrigger>(enough.Trigger);
        Assert.Equal(HoldReason.NoTrigger, fine.Reason);
    }

    [Fact]
    public void Decide_PerformanceAboveCeiling_Retrains()
    {
        var policy = Policy(triggers: "[{type: performance, metric: rmse, above: 3.5, min_labels: 10}]");
        var signals = new RetrainingSignals { RealizedMetrics = new Dictionary<string, double> { ["rmse"] = 4.1 }, LabelCount = 10 };

        Assert.Equal(RetrainingAction.Retrain, RetrainingController.Decide(policy, signals, RetrainingHistory.Empty(T0), T0).Action);
        Assert.Equal(HoldReason.NoTrigger, RetrainingController.Decide(policy, signals with { RealizedMetrics = new Dictionary<string, double> { ["rmse"] = 3.5 } }, RetrainingHistory.Empty(T0), T0).Reason);
    }

    [Fact]
    public void Decide_SeveralTriggersFire_RecordsTheFirstInFileOrder()
    {
        var policy = Policy(triggers: "[{type: labels, new: 10}, {type: alert, name: high-drift}]");

        var decision = RetrainingController.Decide(policy, Drifting, RetrainingHistory.Empty(T0), T0);

        Assert.Equal(new LabelsTrigger(10), decision.Trigger);
    }

    [Fact]
    public void Decide_SameInputs_SameDecision()
    {
        var history = RetrainingHistory.Empty(T0).With(new RetrainRecord(T0, "alert high-drift", RetrainOutcome.Promoted));

        Assert.Equal(
            RetrainingController.Decide(Policy(), Drifting, history, T0.AddHours(1)),
            RetrainingController.Decide(Policy(), Drifting, history, T0.AddHours(1)));
    }

    private static RetrainingPolicy Policy(string triggers = "[{type: alert, name: high-drift}]", string guardrails = "{max_per_day: 2, cooldown: 6h}") =>
        RetrainingPolicyFile.Parse($"deployment: credit\npipeline: p.yaml\ntriggers: {triggers}\nguardrails: {guardrails}\n", "r.yaml");
}
