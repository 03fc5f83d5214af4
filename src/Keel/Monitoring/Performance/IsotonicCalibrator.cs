namespace Keel.Monitoring.Performance;

/// <summary>
/// Monotone (non-decreasing) calibration map from a score to a probability, fitted by pool-adjacent-violators.
/// Matches <c>sklearn.isotonic.IsotonicRegression(out_of_bounds="clip")</c> (scikit-learn 1.2): observations are
/// sorted by score, scores closer than 1e-15 (numpy's float64 resolution) to the first of a run are merged with
/// their labels averaged (<c>_make_unique</c>), PAV runs in scikit-learn's single-pass form
/// (<c>_inplace_contiguous_isotonic_regression</c>), and a prediction interpolates linearly between the fitted
/// points after clipping the score to the fitted range (<c>numpy.interp</c>). Immutable and thread-safe after
/// construction; O(n log n) to fit, O(log n) per prediction.
/// </summary>
internal sealed class IsotonicCalibrator
{
    private const double Resolution = 1e-15; // numpy.finfo(np.float64).resolution, scikit-learn's merge tolerance

    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicCalibrator(double[] x, double[] y)
    {
        _x = x;
        _y = y;
    }

    /// <summary>Fits the map to scores and 0/1 labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a non-finite score or a label other than 0/1.</exception>
    public static IsotonicCalibrator Fit(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels", nameof(labels));
        }
        if (scores.Length == 0)
        {
            throw new ArgumentException("calibration needs at least one labelled prediction", nameof(scores));
        }
        var n = scores.Length;
        var x = scores.ToArray();
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException($"score {i} is {x[i]}", nameof(scores));
            }
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"label {i} is {labels[i]}; calibration needs 0/1 labels", nameof(labels));
            }
            y[i] = labels[i];
        }
        // numpy.lexsort((y, X)): by score, then label.
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => x[a] != x[b] ? x[a].CompareTo(x[b]) : y[a].CompareTo(y[b]));

        var uniqueX = new List<double>();
        var uniqueY = new List<double>();
        var weights = new List<double>();
        var currentX = x[order[0]];
        double currentWeight = 0, currentSum = 0;
        foreach (var index in order)
        {
            if (x[index] >= currentX + Resolution)
            {
                uniqueX.Add(currentX);
                uniqueY.Add(currentSum / currentWeight);
                weights.Add(currentWeight);
                currentX = x[index];
                currentWeight = 1;
                currentSum = y[index];
            }
            else
            {
                currentWeight += 1;
                currentSum += y[index];
            }
        }
        uniqueX.Add(currentX);
        uniqueY.Add(currentSum / currentWeight);
        weights.Add(currentWeight);

        var fitted = uniqueY.ToArray();
        PoolAdjacentViolators(fitted, weights.ToArray());
        return new IsotonicCalibrator(uniqueX.ToArray(), fitted);
    }

    /// <summary>The calibrated probability of one score (NaN for NaN).</summary>
    public double Predict(double score)
    {
        if (double.IsNaN(score))
        {
            return double.NaN;
        }
        if (score <= _x[0])
        {
            return _y[0];
        }
        var last = _x.Length - 1;
        if (score >= _x[last])
        {
            return _y[last];
        }
        // Largest j with x[j] <= score; then numpy.interp's slope·(x − xⱼ) + yⱼ.
        var j = Array.BinarySearch(_x, score);
        if (j >= 0)
        {
            return _y[j];
        }
        j = ~j - 1;
        var slope = (_y[j + 1] - _y[j]) / (_x[j + 1] - _x[j]);
        return slope * (score - _x[j]) + _y[j];
    }

    /// <summary>Calibrates every score in <paramref name="scores"/> into <paramref name="destination"/> (same length).</summary>
    public void Predict(ReadOnlySpan<double> scores, Span<double> destination)
    {
        if (destination.Length != scores.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but room for {destination.Length}", nameof(destination));
        }
        for (var i = 0; i < scores.Length; i++)
        {
            destination[i] = Predict(scores[i]);
        }
    }

    /// <summary>
    /// In-place weighted isotonic regression of <paramref name="y"/>, transcribing scikit-learn 1.2's
    /// <c>_inplace_contiguous_isotonic_regression</c> (sklearn/_isotonic.pyx) so that pooled means are summed in the
    /// same order. <c>target[i]</c> holds the last index of the block starting at i and, at that last index, i.
    /// </summary>
    private static void PoolAdjacentViolators(double[] y, double[] w)
    {
        var n = y.Length;
        var target = new int[n];
        for (var i = 0; i < n; i++)
        {
            target[i] = i;
        }
        var start = 0;
        while (start < n)
        {
            var k = target[start] + 1;
            if (k == n)
            {
                break;
            }
            if (y[start] < y[k])
            {
                start = k;
                continue;
            }
            var sumWy = w[start] * y[start];
            var sumW = w[start];
            while (true)
            {
                var previous = y[k];
                sumWy += w[k] * y[k];
                sumW += w[k];
                k = target[k] + 1;
                if (k == n || previous < y[k])
                {
                    y[start] = sumWy / sumW;
                    w[start] = sumW;
                    target[start] = k - 1;
                    target[k - 1] = start;
                    if (start > 0)
                    {
                        start = target[start - 1];
                    }
                    break;
                }
            }
        }
        for (var i = 0; i < n;)
        {
            var k = target[i] + 1;
            Array.Fill(y, y[i], i + 1, k - i - 1);
            i = k;
        }
    }
}
