using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>
/// A histogram family (see <see cref="Histogram"/>): each series writes <c>NAME_bucket{le="b"}</c> cumulatively for every
/// bound and <c>+Inf</c>, then <c>NAME_sum</c> and <c>NAME_count</c>. Series share the family's bounds unless created
/// with their own (<see cref="WithLabels(IReadOnlyList{double}, string[])"/>: e.g. each regression model's prediction
/// histogram over its own label's range).
/// </summary>
public sealed class HistogramFamily : LabelledFamily<Histogram>
{
    private readonly double[] _bounds;

    /// <summary>Creates a family whose series count into <paramref name="bounds"/>.</summary>
    /// <exception cref="ArgumentException">The bounds are empty, not finite, or not strictly ascending.</exception>
    public HistogramFamily(string name, string help, IReadOnlyList<double> bounds, IReadOnlyList<string> labelNames)
        : base(name, help, MetricType.Histogram, labelNames)
    {
        _bounds = CheckBounds(bounds);
    }

    /// <summary>The series with these label values, counting into <paramref name="bounds"/> (used only when it is created).</summary>
    /// <exception cref="ArgumentException">The bounds are empty, not finite, or not strictly ascending.</exception>
    public Histogram WithLabels(IReadOnlyList<double> bounds, params string[] values)
    {
        var own = CheckBounds(bounds);
        return GetOrCreate(values, () => new Histogram(own));
    }

    /// <inheritdoc/>
    protected override Histogram CreateSeries() => new(_bounds);

    /// <inheritdoc/>
    protected override void AppendSeries(StringBuilder text, IReadOnlyList<string> values, Histogram series)
    {
        var (cumulative, sum) = series.Snapshot();
        for (var i = 0; i < cumulative.Length; i++)
        {
            PrometheusText.AppendSample(text, Name + "_bucket", LabelNames, values, cumulative[i], "le", series.UpperBoundText(i));
        }
        PrometheusText.AppendSample(text, Name + "_sum", LabelNames, values, sum);
        PrometheusText.AppendSample(text, Name + "_count", LabelNames, values, cumulative[^1]);
    }

    /// <inheritdoc/>
    protected override void CollectSeries(List<MetricSample> samples, IReadOnlyList<string> values, Histogram series)
    {
        var (cumulative, sum) = series.Snapshot();
        for (var i = 0; i < cumulative.Length; i++)
        {
            samples.Add(new MetricSample(Name + "_bucket", LabelsOf(values, "le", series.UpperBoundText(i)), cumulative[i]));
        }
        samples.Add(new MetricSample(Name + "_sum", LabelsOf(values), sum));
        samples.Add(new MetricSample(Name + "_count", LabelsOf(values), cumulative[^1]));
    }

    /// <summary>Bounds in seconds suited to request latencies from 0.5 ms to 10 s.</summary>
    public static IReadOnlyList<double> LatencySeconds { get; } =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private double[] CheckBounds(IReadOnlyList<double> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.Count == 0)
        {
            throw new ArgumentException($"histogram '{Name}' needs at least one bucket bound", nameof(bounds));
        }
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                throw new ArgumentException($"histogram '{Name}': bucket bounds must be finite and strictly ascending", nameof(bounds));
            }
        }
        return [.. bounds];
    }
}
