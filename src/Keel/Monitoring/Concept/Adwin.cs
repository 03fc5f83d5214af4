namespace Keel.Monitoring.Concept;

/// <summary>
/// ADWIN, adaptive windowing (Bifet &amp; Gavaldà 2007, "Learning from Time-Changing Data with Adaptive Windowing",
/// SDM): keeps a window of recent values compressed into an exponential histogram (ADWIN2), and every
/// <see cref="AdwinOptions.Clock"/> values tests each split W = W₀·W₁ at a bucket boundary; when the means differ by
/// more than ε_cut = √(2/m · σ²_W · δ′) + 2/(3m) · δ′, with 1/m = 1/(n₀ − L + 1) + 1/(n₁ − L + 1),
/// δ′ = ln(2 ln|W| / δ) and L the minimum sub-window length, it drops the oldest bucket and tests again, and reports
/// a drift. Works on any bounded real stream (errors, losses); never warns.
/// </summary>
/// <remarks>
/// Matches river's <c>river/drift/adwin.py</c> and <c>adwin_c.pyx</c> (<c>AdaptiveWindowing</c>) exactly: the
/// same incremental variance (Babcock et al. 2003), the same bucket merging and cut order, the same ε_cut with
/// σ²_W the window's population variance, and by default river's reset of the whole window at the update after a
/// drift (see <see cref="AdwinOptions.ResetOnDrift"/>). Memory is O(M log W); an update is amortised O(1) and a
/// check O(M log W) per cut tried.
/// </remarks>
public sealed class Adwin : IConceptDriftDetector
{
    private readonly AdwinOptions _options;
    private readonly List<AdwinBucketRow> _rows = [];
    private double _total;
    private double _variance;
    private double _width;
    private long _tick;
    private bool _drift;

    /// <summary>A detector with the given parameters (null for the defaults).</summary>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 1), or a clock, bucket count or length below 1.</exception>
    public Adwin(AdwinOptions? options = null)
    {
        _options = options ?? new AdwinOptions();
        if (!(_options.Delta is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Delta, "delta must lie in (0, 1)");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Clock, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBuckets, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MinWindowLength, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.GracePeriod, nameof(options));
        Reset();
    }

    /// <inheritdoc />
    public string Name => "ADWIN";

    /// <summary>Values in the current window.</summary>
    public long Width => (long)_width;

    /// <summary>The mean of the current window (river's <c>estimation</c>), 0 when it is empty.</summary>
    public double Mean => _width == 0 ? 0 : _total / _width;

    /// <summary>The sum of the values in the window.</summary>
    public double Total => _total;

    /// <summary>The window's sum of squared deviations from its mean (river's <c>variance</c>, not divided by the width).</summary>
    public double Variance => _variance;

    /// <inheritdoc />
    public ConceptDriftState Update(double value)
    {
        ConceptArguments.Finite(value);
        if (_drift && _options.ResetOnDrift)
        {
            Reset();
        }
        Insert(value);
        _drift = DetectChange();
        return _drift ? ConceptDriftState.Drift : ConceptDriftState.None;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _rows.Clear();
        _rows.Add(new AdwinBucketRow(_options.MaxBuckets));
        _total = 0;
        _variance = 0;
        _width = 0;
        _tick = 0;
        _drift = false;
    }

    private static double BucketSize(int row) => Math.Pow(2, row);

    private void Insert(double value)
    {
        _rows[0].Add(value, 0);
        _width += 1;
        if (_width > 1)
        {
            // Welford-style update of the sum of squared deviations (Babcock et al. 2003, as river).
            var previousMean = _total / (_width - 1);
            _variance += (_width - 1) * (value - previousMean) * (value - previousMean) / _width;
        }
        _total += value;
        Compress();
    }

    private void Compress()
    {
        for (var row = 0; row < _rows.Count; row++)
        {
            var bucket = _rows[row];
            if (bucket.Count != _options.MaxBuckets + 1)
            {
                break;
            }
            if (row + 1 == _rows.Count)
            {
                _rows.Add(new AdwinBucketRow(_options.MaxBuckets));
            }
            var next = _rows[row + 1];
            var n = BucketSize(row);
            var mu1 = bucket.Total(0) / n;
            var mu2 = bucket.Total(1) / n;
            // Merged variance of two equal-size buckets: v₁ + v₂ + n·n·(μ₁ − μ₂)² / (2n).
            var merged = n * n * (mu1 - mu2) * (mu1 - mu2) / (n + n);
            next.Add(bucket.Total(0) + bucket.Total(1), bucket.Variance(0) + bucket.Variance(1) + merged);
            bucket.RemoveOldest(2);
            if (next.Count <= _options.MaxBuckets)
            {
                break;
            }
        }
    }

    private double DeleteOldest()
    {
        var last = _rows.Count - 1;
        var bucket = _rows[last];
        var n = BucketSize(last);
        var u = bucket.Total(0);
        var mu = u / n;
        var v = bucket.Variance(0);
        _width -= n;
        _total -= u;
        var windowMean = _total / _width;
        _variance -= v + n * _width * (mu - windowMean) * (mu - windowMean) / (n + _width);
        bucket.RemoveOldest(1);
        if (bucket.Count == 0)
        {
            _rows.RemoveAt(last);
        }
        return n;
    }

    private bool DetectChange()
    {
        var changed = false;
        _tick++;
        if (_tick % _options.Clock != 0 || _width <= _options.GracePeriod)
        {
            return false;
        }
        var again = true;
        while (again)
        {
            again = false;
            var done = false;
            double n0 = 0, n1 = _width, u0 = 0, u1 = _total;
            // Cuts run from the oldest bucket to the newest; river's loop never tries the cut after the newest
            // bucket of row 0 (its range stops one short), and neither does this one.
            for (var row = _rows.Count - 1; row >= 0 && !done; row--)
            {
                var bucket = _rows[row];
                var size = BucketSize(row);
                for (var k = 0; k < bucket.Count - 1; k++)
                {
                    n0 += size;
                    n1 -= size;
                    u0 += bucket.Total(k);
                    u1 -= bucket.Total(k);
                    var meanDifference = u0 / n0 - u1 / n1;
                    if (n1 >= _options.MinWindowLength && n0 >= _options.MinWindowLength && IsCut(n0, n1, meanDifference))
                    {
                        again = true;
                        changed = true;
                        if (_width > 0)
                        {
                            DeleteOldest();
                            done = true;
                            break;
                        }
                    }
                }
            }
        }
        return changed;
    }

    private bool IsCut(double n0, double n1, double meanDifference)
    {
        var deltaPrime = Math.Log(2 * Math.Log(_width) / _options.Delta);
        var mRecip = 1.0 / (n0 - _options.MinWindowLength + 1) + 1.0 / (n1 - _options.MinWindowLength + 1);
        var epsilon = Math.Sqrt(2 * mRecip * (_variance / _width) * deltaPrime) + 2.0 / 3.0 * deltaPrime * mRecip;
        return Math.Abs(meanDifference) > epsilon;
    }
}
