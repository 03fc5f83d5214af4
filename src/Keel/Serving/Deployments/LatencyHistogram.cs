namespace Keel.Serving.Deployments;

/// <summary>
/// Latencies counted in log-spaced buckets: bucket 0 holds [0, 0.01 ms], bucket i ≥ 1 holds
/// (0.01·g^(i−1), 0.01·g^i] ms with g = 1.04, up to about 10 minutes; the last bucket also takes anything slower.
/// A percentile read from it is within 4% of the exact sample percentile (the width of one bucket), the way
/// HdrHistogram and Prometheus native histograms trade precision for constant memory.
/// </summary>
/// <remarks>Thread-safe: recording is one interlocked increment; reading sees each bucket atomically.</remarks>
internal sealed class LatencyHistogram
{
    private const double MinMs = 0.01;
    private const double Growth = 1.04;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly int BucketCount = 2 + (int)Math.Ceiling(Math.Log(600_000 / MinMs) / LogGrowth);

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>Counts one latency in milliseconds (negative and NaN count as 0).</summary>
    public void Record(double milliseconds) => Interlocked.Increment(ref _counts[IndexOf(milliseconds)]);

    /// <summary>
    /// The <paramref name="quantiles"/> (each in [0, 1]) into <paramref name="results"/>, linearly interpolated inside
    /// the bucket that holds the rank; NaN when nothing was recorded. Returns the count the answer is based on.
    /// </summary>
    public long Quantiles(ReadOnlySpan<double> quantiles, Span<double> results)
    {
        var snapshot = new long[BucketCount];
        long total = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            snapshot[i] = Volatile.Read(ref _counts[i]);
            total += snapshot[i];
        }
        for (var q = 0; q < quantiles.Length; q++)
        {
            results[q] = total == 0 ? double.NaN : Quantile(snapshot, total, quantiles[q]);
        }
        return total;
    }

    private static double Quantile(long[] counts, long total, double quantile)
    {
        var rank = Math.Clamp(quantile, 0, 1) * total;
        long below = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }
            if (below + counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : UpperEdge(i - 1);
                var fraction = (rank - below) / counts[i];
                return i == counts.Length - 1 ? lower : lower + (fraction * (UpperEdge(i) - lower));
            }
            below += counts[i];
        }
        return UpperEdge(counts.Length - 2);
    }

    private static double UpperEdge(int index) => MinMs * Math.Pow(Growth, index);

    private static int IndexOf(double milliseconds)
    {
        if (!(milliseconds > MinMs))
        {
            return 0;
        }
        // Bucket i ≥ 1 is (MinMs·g^(i−1), MinMs·g^i]; the epsilon keeps a value on an edge in the lower bucket despite rounding.
        var index = (int)Math.Ceiling((Math.Log(milliseconds / MinMs) / LogGrowth) - 1e-9);
        return Math.Clamp(index, 1, BucketCount - 1);
    }
}
