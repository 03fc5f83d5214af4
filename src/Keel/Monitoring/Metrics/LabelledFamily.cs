using System.Collections.Concurrent;
using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>
/// A family whose series are objects the caller keeps and updates (counters, gauges, histograms): <see cref="WithLabels"/>
/// creates a series on first use and returns the same one afterwards, so a hot path looks it up once and then only
/// updates it. Series are written in the order they were created. Thread-safe.
/// </summary>
/// <typeparam name="TSeries">The series type.</typeparam>
public abstract class LabelledFamily<TSeries> : MetricFamily
    where TSeries : class
{
    private readonly ConcurrentDictionary<string, TSeries> _series = new(StringComparer.Ordinal);
    private readonly List<(string[] Values, TSeries Series)> _ordered = [];
    private readonly Lock _gate = new();

    /// <inheritdoc cref="MetricFamily(string, string, MetricType, IReadOnlyList{string})"/>
    protected LabelledFamily(string name, string help, MetricType type, IReadOnlyList<string> labelNames)
        : base(name, help, type, labelNames)
    {
    }

    /// <summary>The series with these label values (one per label name, in order), created on first use.</summary>
    public TSeries WithLabels(params string[] values) => GetOrCreate(values, CreateSeries);

    /// <summary>The series with these label values, created by <paramref name="create"/> on first use.</summary>
    protected TSeries GetOrCreate(string[] values, Func<TSeries> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        CheckLabelValues(values);
        // U+0001 does not occur in label text in practice, and keeps the key one string.
        var key = string.Join('\u0001', values);
        if (_series.TryGetValue(key, out var found))
        {
            return found;
        }
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out found))
            {
                found = create();
                _ordered.Add(([.. values], found));
                _series[key] = found;
            }
            return found;
        }
    }

    /// <summary>Creates an empty series.</summary>
    protected abstract TSeries CreateSeries();

    /// <summary>Appends one series' lines.</summary>
    protected abstract void AppendSeries(StringBuilder text, IReadOnlyList<string> values, TSeries series);

    /// <summary>Adds one series' samples.</summary>
    protected abstract void CollectSeries(List<MetricSample> samples, IReadOnlyList<string> values, TSeries series);

    /// <inheritdoc/>
    protected override void AppendSamples(StringBuilder text)
    {
        foreach (var (values, series) in Snapshot())
        {
            AppendSeries(text, values, series);
        }
    }

    /// <inheritdoc/>
    public override void CollectSamples(List<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var (values, series) in Snapshot())
        {
            CollectSeries(samples, values, series);
        }
    }

    private (string[] Values, TSeries Series)[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _ordered];
        }
    }
}
