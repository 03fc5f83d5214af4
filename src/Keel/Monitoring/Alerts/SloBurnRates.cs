using System.Globalization;
using System.Text.RegularExpressions;
using Keel.Monitoring.Metrics;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Turns the request counters of one <see cref="SloRule"/>, sampled over time, into burn rates and the synthetic
/// samples the evaluator alerts on. Burn rate over a window W is the error ratio in W divided by the error budget:
/// <c>(Δerrors / Δtotal) / (1 - objective)</c> (SRE Workbook ch. 5); 1 spends exactly the budget over the SLO period.
/// A window is only evaluated once the history covers it (no alert from the first minutes after a start); counters
/// that go down are taken as restarted (the Prometheus <c>increase()</c> rule). Not thread-safe.
/// </summary>
internal sealed class SloBurnRates(SloRule slo)
{
    /// <summary>The metric of the synthetic samples: per SLO and severity, the highest over its window pairs of min(long, short burn) / burn-rate threshold.</summary>
    public const string RatioMetric = "keel_slo_burn_ratio";

    private readonly List<(DateTimeOffset At, double Total, double Errors)> _history = [];
    private readonly TimeSpan _longest = slo.Windows.Max(w => w.Long);
    private readonly (string Label, Regex Pattern)[] _errorLabels = slo.ErrorLabels
        .Select(p => (p.Key, new Regex($"^(?:{p.Value})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))).ToArray();
    private double _lastTotal;
    private double _lastErrors;
    private double _totalOffset;
    private double _errorsOffset;

    public SloRule Slo => slo;

    /// <summary>The burn rate for <paramref name="errors"/> failed out of <paramref name="total"/> requests against <paramref name="objective"/>; 0 without requests.</summary>
    public static double BurnRate(double errors, double total, double objective) => total <= 0 ? 0 : errors / total / (1 - objective);

    /// <summary>Records the counters found in <paramref name="samples"/> at <paramref name="now"/>; returns false when the deployment has no total counter.</summary>
    public bool Observe(IEnumerable<MetricSample> samples, DateTimeOffset now)
    {
        double total = 0, errors = 0;
        var seen = false;
        foreach (var sample in samples)
        {
            if (!sample.Labels.TryGetValue("deployment", out var deployment) || deployment != slo.Deployment || !double.IsFinite(sample.Value))
            {
                continue;
            }
            if (sample.Name == slo.TotalMetric)
            {
                total += sample.Value;
                seen = true;
            }
            if (sample.Name == slo.ErrorsMetric && IsError(sample))
            {
                errors += sample.Value;
            }
        }
        if (!seen)
        {
            return false;
        }
        if (_history.Count > 0 && now <= _history[^1].At)
        {
            return true;
        }
        // A counter that went down restarted: what it counted before still counts (Prometheus increase()).
        _totalOffset += total < _lastTotal ? _lastTotal : 0;
        _errorsOffset += errors < _lastErrors ? _lastErrors : 0;
        _lastTotal = total;
        _lastErrors = errors;
        _history.Add((now, total + _totalOffset, errors + _errorsOffset));
        Prune(now);
        return true;
    }

    private bool IsError(MetricSample sample)
    {
        foreach (var (label, pattern) in _errorLabels)
        {
            if (!pattern.IsMatch(sample.Labels.GetValueOrDefault(label, "")))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The burn rate over the <paramref name="window"/> ending at the latest observation; null until the history covers the window.</summary>
    public double? BurnRateOver(TimeSpan window)
    {
        if (_history.Count < 2)
        {
            return null;
        }
        var end = _history[^1];
        var boundary = end.At - window;
        if (_history[0].At > boundary)
        {
            return null;
        }
        // The newest observation at or before the window's start (binary search: histories reach days of samples).
        int low = 0, high = _history.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (_history[mid].At <= boundary)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        var start = _history[low];
        return BurnRate(end.Errors - start.Errors, end.Total - start.Total, slo.Objective);
    }

    /// <summary>One sample per severity among the window pairs whose windows are both covered.</summary>
    public IEnumerable<MetricSample> Ratios()
    {
        foreach (var group in slo.Windows.GroupBy(w => w.Severity))
        {
            double? ratio = null;
            foreach (var pair in group)
            {
                if (BurnRateOver(pair.Long) is { } longRate && BurnRateOver(pair.Short) is { } shortRate)
                {
                    ratio = Math.Max(ratio ?? double.MinValue, Math.Min(longRate, shortRate) / pair.BurnRate);
                }
            }
            if (ratio is { } value)
            {
                var labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["slo"] = slo.Name,
                    ["deployment"] = slo.Deployment,
                    [AlertLabels.Severity] = AlertLabels.Text(group.Key),
                };
                yield return new MetricSample(RatioMetric, labels, value);
            }
        }
    }

    /// <summary>The rules that alert on <see cref="Ratios"/>: one per severity, firing while the ratio is above 1.</summary>
    public IEnumerable<AlertRule> Rules() => slo.Windows.Select(w => w.Severity).Distinct().Select(severity => new AlertRule
    {
        Name = slo.Name,
        Metric = RatioMetric,
        Matchers = new Dictionary<string, string> { ["slo"] = slo.Name, [AlertLabels.Severity] = AlertLabels.Text(severity) },
        Condition = AlertCondition.Above,
        Fire = 1,
        Resolve = 1,
        Severity = severity,
        Annotations = new Dictionary<string, string>
        {
            ["summary"] = string.Create(CultureInfo.InvariantCulture, $"{slo.Deployment} is spending the error budget of its {slo.Objective:0.###%} objective too fast"),
            ["windows"] = string.Join("; ", slo.Windows.Where(w => w.Severity == severity).Select(Describe)),
        },
    });

    private static string Describe(BurnRateWindow w) =>
        string.Create(CultureInfo.InvariantCulture, $"{Keel.Data.Quality.DurationText.Format(w.Long)} and {Keel.Data.Quality.DurationText.Format(w.Short)} above {w.BurnRate}x");

    private void Prune(DateTimeOffset now)
    {
        var boundary = now - _longest;
        var keepFrom = 0;
        // Keep the newest observation at or before the longest window's start: the longest window needs it.
        while (keepFrom + 1 < _history.Count && _history[keepFrom + 1].At <= boundary)
        {
            keepFrom++;
        }
        if (keepFrom > 0)
        {
            _history.RemoveRange(0, keepFrom);
        }
    }
}
