using Keel.Monitoring.Alerts;
using Keel.Monitoring.Metrics;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

public sealed class SloBurnRatesTests
{
    private static readonly SloRule Slo = new() { Name = "credit-availability", Deployment = "credit", Objective = 0.999 };

    private static MetricSample[] Counters(double total, double errors) =>
    [
        new("keel_inference_requests_total", new Dictionary<string, string> { ["deployment"] = "credit", ["role"] = "champion", ["code"] = "200" }, total - errors - 7),
        new("keel_inference_requests_total", new Dictionary<string, string> { ["deployment"] = "credit", ["role"] = "canary", ["code"] = "400" }, 7),
        new("keel_inference_requests_total", new Dictionary<string, string> { ["deployment"] = "credit", ["role"] = "champion", ["code"] = "500" }, errors),
        new("keel_inference_requests_total", new Dictionary<string, string> { ["deployment"] = "other", ["code"] = "503" }, 1e9),
    ];

    /// <summary>1000 requests a minute for <paramref name="minutes"/> minutes; <paramref name="errorsPerMinute"/> gives the failures of each minute.</summary>
    private static List<(TimeSpan At, MetricSample[] Samples)> Traffic(int minutes, Func<int, double> errorsPerMinute)
    {
        var series = new List<(TimeSpan, MetricSample[])>();
        double total = 0, errors = 0;
        for (var minute = 0; minute <= minutes; minute++)
        {
            series.Add((TimeSpan.FromMinutes(minute), Counters(total, errors)));
            total += 1000;
            errors += errorsPerMinute(minute);
        }
        return series;
    }

    [Fact]
    public void BurnRate_HandExample_IsErrorRatioOverBudget()
    {
        // 30 failures in 10,000 requests is a 0.3% error ratio; against a 99.9% objective (0.1% budget) that is 3x.
        Assert.Equal(3, SloBurnRates.BurnRate(30, 10_000, 0.999), 1e-9);
        Assert.Equal(0, SloBurnRates.BurnRate(0, 0, 0.999));
    }

    [Fact]
    public void BurnRateOver_FiveBadMinutesAtTheEndOfAnHour_MatchesHandComputation()
    {
        var start = new ManualTimeProvider().GetUtcNow();
        var rates = new SloBurnRates(Slo);

        // Minutes 55..59 fail 200 of their 1000 requests each.
        foreach (var (at, samples) in Traffic(60, minute => minute >= 55 ? 200 : 0))
        {
            rates.Observe(samples, start + at);
        }

        // 1h: 1000 errors / 60,000 requests = 1/60, over a 0.001 budget = 16.667x; 5m: 1000 / 5000 = 0.2 → 200x.
        Assert.Equal(1000.0 / 60_000 / 0.001, rates.BurnRateOver(TimeSpan.FromHours(1))!.Value, 1e-9);
        Assert.Equal(200, rates.BurnRateOver(TimeSpan.FromMinutes(5))!.Value, 1e-9);
        Assert.Null(rates.BurnRateOver(TimeSpan.FromHours(6))); // not covered yet
        // Page ratio: min(16.667, 200) / 14.4 = 1.1574 (the 6h/30m pair is not covered); no ticket pair is covered.
        var ratio = Assert.Single(rates.Ratios());
        Assert.Equal("critical", ratio.Labels["severity"]);
        Assert.Equal(1000.0 / 60_000 / 0.001 / 14.4, ratio.Value, 1e-9);
    }

    [Fact]
    public void Evaluate_FastBurnForFiveMinutes_PagesWithCriticalSeverity()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var evaluator = new AlertEvaluator(new AlertConfiguration { Slos = [Slo] });
        var transitions = new List<AlertTransition>();

        foreach (var (at, samples) in Traffic(60, minute => minute >= 55 ? 200 : 0))
        {
            transitions.AddRange(evaluator.Evaluate(samples, start + at));
        }

        var page = Assert.Single(transitions);
        Assert.Equal(AlertState.Firing, page.To);
        Assert.Equal(start + TimeSpan.FromMinutes(60), page.At);
        Assert.Equal("credit-availability", page.Alert.Labels["alertname"]);
        Assert.Equal("critical", page.Alert.Labels["severity"]);
        Assert.Equal("credit", page.Alert.Labels["deployment"]);
    }

    [Fact]
    public void Evaluate_BurnStoppedBeforeTheShortWindow_DoesNotPage()
    {
        var start = new ManualTimeProvider().GetUtcNow();
        var evaluator = new AlertEvaluator(new AlertConfiguration { Slos = [Slo] });
        var rates = new SloBurnRates(Slo);
        var transitions = new List<AlertTransition>();

        // Minutes 0..9 fail 20% (the 1h burn ends at 33x), then nothing fails: the 5m window is clean.
        foreach (var (at, samples) in Traffic(60, minute => minute < 10 ? 200 : 0))
        {
            transitions.AddRange(evaluator.Evaluate(samples, start + at));
            rates.Observe(samples, start + at);
        }

        Assert.Equal(2000.0 / 60_000 / 0.001, rates.BurnRateOver(TimeSpan.FromHours(1))!.Value, 1e-9);
        Assert.Equal(0, rates.BurnRateOver(TimeSpan.FromMinutes(5))!.Value);
        Assert.Empty(transitions);
    }

    [Fact]
    public void Observe_CounterRestart_CountsWhatWasCountedBefore()
    {
        var start = new ManualTimeProvider().GetUtcNow();
        var rates = new SloBurnRates(Slo with { Windows = [new BurnRateWindow(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), 1, AlertSeverity.Critical)] });

        rates.Observe(Counters(5000, 5), start);
        rates.Observe(Counters(6000, 6), start + TimeSpan.FromMinutes(5));
        rates.Observe(Counters(1000, 4), start + TimeSpan.FromMinutes(10)); // restarted at 0, counted 1000 and 4 since

        // 10m: 2000 requests (1000 before the restart, 1000 after), 5 errors (1 + 4) → 0.25% / 0.1% = 2.5x.
        Assert.Equal(2.5, rates.BurnRateOver(TimeSpan.FromMinutes(10))!.Value, 1e-9);
    }
}
