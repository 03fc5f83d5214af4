using Keel.Monitoring.Alerts;
using Keel.Monitoring.Metrics;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

/// <summary>A metric that oscillates around its fire threshold on every evaluation must not page anyone every tick.</summary>
public sealed class FlappingTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);
    private const int Ticks = 120; // one hour

    /// <summary>0.21, 0.19, 0.21, … around a fire threshold of 0.2.</summary>
    private static double Flapping(int tick) => tick % 2 == 0 ? 0.21 : 0.19;

    private static MetricSample Sample(double value) => new("keel_feature_drift_score", new Dictionary<string, string> { ["deployment"] = "credit" }, value);

    private static AlertRule Rule(double resolve, TimeSpan forDuration) => new()
    {
        Name = "high-drift",
        Metric = "keel_feature_drift_score",
        Condition = AlertCondition.Above,
        Fire = 0.2,
        Resolve = resolve,
        For = forDuration,
    };

    [Fact]
    public void EvaluateAndAdvance_MetricFlappingAroundFireForAnHour_SendsOneNotificationWhereANaiveAlertSendsOneHundredTwenty()
    {
        var clock = new ManualTimeProvider();
        var config = new AlertConfiguration { Rules = [Rule(resolve: 0.15, forDuration: TimeSpan.FromMinutes(2))] };
        var evaluator = new AlertEvaluator(config);
        var dispatcher = new NotificationDispatcher(config);
        var naive = new AlertEvaluator(new AlertConfiguration { Rules = [Rule(resolve: 0.2, forDuration: TimeSpan.Zero)] });
        var notifications = new List<Notification>();
        var naiveNotifications = 0;

        for (var tick = 0; tick < Ticks; tick++)
        {
            var now = clock.GetUtcNow();
            var transitions = evaluator.Evaluate([Sample(Flapping(tick))], now);
            notifications.AddRange(dispatcher.Advance(now, transitions));
            // A naive alert: notify on every crossing of the threshold, up or down.
            naiveNotifications += naive.Evaluate([Sample(Flapping(tick))], now).Count(t => t.To is AlertState.Firing or AlertState.Resolved);
            clock.Advance(Tick);
        }

        Assert.Equal(120, naiveNotifications);
        var only = Assert.Single(notifications);
        Assert.Equal("firing", only.Status);
        Assert.Equal(NotificationReason.New, only.Reason);
    }

    [Fact]
    public void EvaluateAndAdvance_FlappingWithoutHysteresisOrFor_CooldownStillLimitsNotifications()
    {
        var clock = new ManualTimeProvider();
        var grouping = new GroupingPolicy(["alertname"], TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromHours(4), TimeSpan.FromMinutes(15));
        var config = new AlertConfiguration { Rules = [Rule(resolve: 0.2, forDuration: TimeSpan.Zero)], Grouping = grouping };
        var evaluator = new AlertEvaluator(config);
        var dispatcher = new NotificationDispatcher(config);
        var notifications = new List<Notification>();

        for (var tick = 0; tick < Ticks; tick++)
        {
            var now = clock.GetUtcNow();
            notifications.AddRange(dispatcher.Advance(now, evaluator.Evaluate([Sample(Flapping(tick))], now)));
            clock.Advance(Tick);
        }

        // Fire at 0:00, resolved at 0:30; re-firings are held for 15 minutes after each notified resolution, so the
        // next pairs go out at 16:00/16:30, 32:00/32:30 and 48:00/48:30: 8 notifications instead of 120.
        Assert.Equal(8, notifications.Count);
        Assert.Equal(["firing", "resolved", "firing", "resolved", "firing", "resolved", "firing", "resolved"], notifications.Select(n => n.Status));
        Assert.Equal(TimeSpan.FromMinutes(16), notifications[2].At - notifications[0].At);
    }
}
