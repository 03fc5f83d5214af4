namespace Keel.Monitoring.Concept;

/// <summary>
/// One row of ADWIN's exponential histogram: up to M + 1 buckets that each summarise 2^row values by their total
/// and variance, oldest first (river's <c>Bucket</c> in <c>adwin_c.pyx</c>).
/// </summary>
internal sealed class AdwinBucketRow(int maxBuckets)
{
    private readonly double[] _totals = new double[maxBuckets + 1];
    private readonly double[] _variances = new double[maxBuckets + 1];

    /// <summary>Buckets in use.</summary>
    public int Count { get; private set; }

    public double Total(int index) => _totals[index];

    public double Variance(int index) => _variances[index];

    public void Add(double total, double variance)
    {
        _totals[Count] = total;
        _variances[Count] = variance;
        Count++;
    }

    /// <summary>Drops the <paramref name="n"/> oldest buckets.</summary>
    public void RemoveOldest(int n)
    {
        var length = _totals.Length;
        Array.Copy(_totals, n, _totals, 0, length - n);
        Array.Copy(_variances, n, _variances, 0, length - n);
        Array.Clear(_totals, length - n, n);
        Array.Clear(_variances, length - n, n);
        Count -= n;
    }
}
