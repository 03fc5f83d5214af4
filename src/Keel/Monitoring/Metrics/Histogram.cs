namespace Keel.Monitoring.Metrics;

/// <summary>
/// One histogram series: observations counted into fixed buckets (upper bounds, inclusive, as Prometheus' <c>le</c>),
/// with their sum and count. Lock-free and allocation-free per observation; a scrape during writes may see an
/// observation in the count and not yet in the sum.
/// </summary>
public sealed class Histogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private readonly string[] _le;
    private AtomicDouble _sum;

    internal Histogram(double[] bounds)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
        _le = [.. bounds.Select(PrometheusText.FormatNumber), "+Inf"];
    }

    /// <summary>The finite bucket upper bounds, ascending (the <c>+Inf</c> bucket is implied).</summary>
    public IReadOnlyList<double> Bounds => _bounds;

    /// <summary>Counts <paramref name="value"/> (NaN is ignored: it belongs to no bucket).</summary>
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }
        var bucket = 0;
        while (bucket < _bounds.Length && value > _bounds[bucket])
        {
            bucket++;
        }
        Interlocked.Increment(ref _counts[bucket]);
        _sum.Add(value);
    }

    /// <summary>The cumulative bucket counts (one per bound, then <c>+Inf</c> = the count), and the sum.</summary>
    public (long[] Cumulative, double Sum) Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            cumulative[i] = running;
        }
        return (cumulative, _sum.Read());
    }

    /// <summary>The <c>le</c> label of bucket <paramref name="bucket"/> (the last is <c>+Inf</c>).</summary>
    internal string UpperBoundText(int bucket) => _le[bucket];
}
