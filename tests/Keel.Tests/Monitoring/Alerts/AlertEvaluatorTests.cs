using Keel.Monitoring.Alerts;
using Keel.Monitoring.Metrics;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

public sealed class AlertEvaluatorTests
{
    private readonly ManualTimeProvider _clock = new();

    private static AlertRule Drift(TimeSpan forDuration, double resolve = 0.15) => new()
    {
        Name = "high-drift",
        Metric = "drift",
        Matchers = new Dictionary<string, string> { ["deployment"] = "credit" },
        Condition = AlertCondition.Above,
        Fire = 0.2,
        Resolve = resolve,
        For = forDuration,
    };

    private static AlertEvaluator Evaluator(params AlertRule[] rules) => new(new AlertConfiguration { Rules = rules });

    private static MetricSample Sample(double value, string deployment = "credit", string feature = "income") =>
        new("drift", new Dictionary<string, string> { ["deployment"] = deployment, ["feature"] = feature }, value);

    private IReadOnlyList<AlertTransition> At(AlertEvaluator evaluator, TimeSpan after, params MetricSample[] samples)
    {
        _clock.Advance(after);
        return evaluator.Evaluate(samples, _clock.GetUtcNow());
    }

    [Fact]
    public void Evaluate_ValueHoldsForTheForDuration_GoesPendingThenFiringThenResolved()
    {
        var evaluator = Evaluator(Drift(TimeSpan.FromMinutes(10)));
        var start = _clock.GetUtcNow();

        var crossed = Assert.Single(evaluator.Evaluate([Sample(0.25)], start));
        var stillPending = At(evaluator, TimeSpan.FromMinutes(9), Sample(0.3));
        var fired = Assert.Single(At(evaluator, TimeSpan.FromMinutes(1), Sample(0.3)));
        var resolved = Assert.Single(At(evaluator, TimeSpan.FromMinutes(5), Sample(0.1)));

        Assert.Equal((AlertState.Inactive, AlertState.Pending), (crossed.From, crossed.To));
        Assert.Empty(stillPending);
        Assert.Equal((AlertState.Pending, AlertState.Firing), (fired.From, fired.To));
        Assert.Equal(start + TimeSpan.FromMinutes(10), fired.Alert.FiredAt);
        Assert.Equal(start, fired.Alert.ActiveSince);
        Assert.Equal((AlertState.Firing, AlertState.Resolved), (resolved.From, resolved.To));
        Assert.Equal(start + TimeSpan.FromMinutes(15), resolved.Alert.ResolvedAt);
        Assert.Empty(evaluator.Active);
    }

    [Fact]
    public void Evaluate_PendingValueComesBackBeforeFor_GoesInactiveWithoutFiring()
    {
        var evaluator = Evaluator(Drift(TimeSpan.FromMinutes(10)));

        At(evaluator, TimeSpan.Zero, Sample(0.25));
        var back = Assert.Single(At(evaluator, TimeSpan.FromMinutes(5), Sample(0.1)));
        var again = Assert.Single(At(evaluator, TimeSpan.FromMinutes(1), Sample(0.25)));
        var notYet = At(evaluator, TimeSpan.FromMinutes(9), Sample(0.25));

        Assert.Equal((AlertState.Pending, AlertState.Inactive), (back.From, back.To));
        Assert.Equal(AlertState.Pending, again.To);
        Assert.Empty(notYet); // the for-duration restarted when the value came back
    }

    [Fact]
    public void Evaluate_ZeroFor_FiresOnTheFirstCrossing()
    {
        var evaluator = Evaluator(Drift(TimeSpan.Zero));

        var fired = Assert.Single(At(evaluator, TimeSpan.Zero, Sample(0.21)));

        Assert.Equal((AlertState.Inactive, AlertState.Firing), (fired.From, fired.To));
        Assert.Equal(0.21, fired.Alert.Value);
    }

    [Fact]
    public void Evaluate_ValueBetweenResolveAndFire_KeepsAFiringAlertFiring()
    {
        var evaluator = Evaluator(Drift(TimeSpan.Zero));

        At(evaluator, TimeSpan.Zero, Sample(0.25));
        var between = At(evaluator, TimeSpan.FromMinutes(1), Sample(0.16));
        var atResolve = Assert.Single(At(evaluator, TimeSpan.FromMinutes(1), Sample(0.15)));

        Assert.Empty(between);
        Assert.Equal(AlertState.Resolved, atResolve.To); // '>' holds while value > resolve, so 0.15 resolves
    }

    [Fact]
    public void Evaluate_SeriesDisappears_FiringResolvesAndPendingGoesInactive()
    {
        var evaluator = Evaluator(Drift(TimeSpan.Zero), Drift(TimeSpan.FromHours(1)) with { Name = "slow-drift" });

        At(evaluator, TimeSpan.Zero, Sample(0.3));
        var gone = At(evaluator, TimeSpan.FromMinutes(1));

        Assert.Equal([(AlertState.Firing, AlertState.Resolved, "high-drift"), (AlertState.Pending, AlertState.Inactive, "slow-drift")],
            gone.Select(t => (t.From, t.To, t.Alert.Name)));
        Assert.True(double.IsNaN(gone[0].Alert.Value));
    }

    [Fact]
    public void Evaluate_OneInstancePerMatchingSeries_WithSeriesLabelsAlertnameAndSeverity()
    {
        var evaluator = Evaluator(Drift(TimeSpan.Zero));

        var fired = At(evaluator, TimeSpan.Zero, Sample(0.3, feature: "income"), Sample(0.4, feature: "age"), Sample(0.9, deployment: "fraud"));

        Assert.Equal(2, fired.Count);
        Assert.Equal(["age", "income"], fired.Select(t => t.Alert.Labels["feature"]).Order());
        Assert.All(fired, t => Assert.Equal("high-drift", t.Alert.Labels["alertname"]));
        Assert.All(fired, t => Assert.Equal("warning", t.Alert.Labels["severity"]));
        Assert.NotEqual(fired[0].Alert.Fingerprint, fired[1].Alert.Fingerprint);
        Assert.Equal(2, evaluator.Active.Count);
    }

    [Fact]
    public void Evaluate_NaNValue_NeverCrosses()
    {
        var evaluator = Evaluator(Drift(TimeSpan.Zero));

        Assert.Empty(At(evaluator, TimeSpan.Zero, Sample(double.NaN)));
    }

    [Fact]
    public void Evaluate_TimeGoesBackwards_Throws()
    {
        var evaluator = Evaluator(Drift(TimeSpan.Zero));
        evaluator.Evaluate([], _clock.GetUtcNow());

        Assert.Throws<ArgumentException>(() => evaluator.Evaluate([], _clock.GetUtcNow() - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Fingerprint_SameLabelsInAnyOrder_IsTheSame()
    {
        var a = new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" };
        var b = new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" };
        var c = new Dictionary<string, string> { ["x"] = "12" };

        Assert.Equal(AlertLabels.Fingerprint(a), AlertLabels.Fingerprint(b));
        Assert.NotEqual(AlertLabels.Fingerprint(a), AlertLabels.Fingerprint(c));
        Assert.Matches("^[0-9a-f]{16}$", AlertLabels.Fingerprint(a));
    }

    [Fact]
    public void Evaluate_AnnotationPlaceholders_AreFilledWithValueAndLabels()
    {
        var rule = Drift(TimeSpan.Zero) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "drift {{ $value }} on {{$labels.feature}} of {{ $labels.deployment }}{{ $labels.none }}", ["runbook"] = "{{ other }}" },
        };
        var evaluator = Evaluator(rule);

        var fired = Assert.Single(At(evaluator, TimeSpan.Zero, Sample(0.3141592)));

        Assert.Equal("drift 0.314159 on income of credit", fired.Alert.Annotations["summary"]);
        Assert.Equal("{{ other }}", fired.Alert.Annotations["runbook"]);
    }
}
