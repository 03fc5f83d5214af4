using System.Runtime.CompilerServices;

namespace Keel.Monitoring.Drift;

/// <summary>
/// The shares PSI and Jensen–Shannon compare, as Evidently's <c>get_binned_data</c> builds them: a numeric column
/// whose reference has more than 20 distinct values is cut into equal-width bins over the range of both samples
/// together, as many as <c>numpy.histogram_bin_edges(..., bins="sturges")</c> gives (⌈log₂ N + 1⌉ for N values in
/// all), each share being count / sample size; anything else is compared value by value.
/// </summary>
public static class DriftBinning
{
    /// <summary>Distinct reference values above which a numeric column is binned rather than compared by value.</summary>
    public const int MaxDistinctForValues = 20;

    /// <summary>Shares of two ascending, NaN-free numeric samples, binned or per value as Evidently decides.</summary>
    public static (double[] Reference, double[] Current) Shares(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        if (CountDistinct(sortedReference) > MaxDistinctForValues)
        {
            var edges = SturgesEdges(sortedReference, sortedCurrent);
            return (Histogram(sortedReference, edges), Histogram(sortedCurrent, edges));
        }
        return Shares(CategoryCounts.FromSorted(sortedReference, sortedCurrent));
    }

    /// <summary>Shares of each value: count / sample size.</summary>
    public static (double[] Reference, double[] Current) Shares(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var reference = new double[counts.Keys.Count];
        var current = new double[counts.Keys.Count];
        for (var i = 0; i < reference.Length; i++)
        {
            reference[i] = (double)counts.Reference[i] / counts.ReferenceTotal;
            current[i] = (double)counts.Current[i] / counts.CurrentTotal;
        }
        return (reference, current);
    }

    /// <summary>
    /// Bin edges as numpy 1.24 computes them for <c>bins="sturges"</c>: width = range / (log₂ N + 1),
    /// ⌈range / width⌉ bins, edges <c>linspace(min, max)</c> (i·step + min, the last one exactly max).
    /// </summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        SturgesEdges(Math.Min(sortedReference[0], sortedCurrent[0]), Math.Max(sortedReference[^1], sortedCurrent[^1]),
            sortedReference.Length + sortedCurrent.Length);

    /// <summary>The same edges from the range of both samples, [<paramref name="first"/>, <paramref name="last"/>], and their <paramref name="count"/> of values.</summary>
    public static double[] SturgesEdges(double first, double last, long count)
    {
        var range = last - first;
        var width = range / (Math.Log2(count) + 1.0);
        var bins = width > 0 ? (int)Math.Ceiling(range / width) : 1;
        if (range == 0)
        {
            // numpy widens an empty range by 0.5 on both sides.
            first -= 0.5;
            last += 0.5;
        }
        var edges = new double[bins + 1];
        var step = (last - first) / bins;
        for (var i = 0; i < bins; i++)
        {
            edges[i] = (i * step) + first;
        }
        edges[bins] = last;
        return edges;
    }

    /// <summary>Shares per bin, numpy.histogram's rule: [eᵢ, eᵢ₊₁) except the last bin, which includes its right edge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Histogram(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var shares = new double[edges.Length - 1];
        var below = LowerBound(sorted, edges[0]);
        for (var b = 0; b < shares.Length; b++)
        {
            var upTo = b == shares.Length - 1 ? UpperBound(sorted, edges[b + 1]) : LowerBound(sorted, edges[b + 1]);
            shares[b] = (double)(upTo - below) / sorted.Length;
            below = upTo;
        }
        return shares;
    }

    /// <summary>
    /// The binned shares of <see cref="Shares(ReadOnlySpan{double}, ReadOnlySpan{double})"/> from unsorted, NaN-free,
    /// non-empty samples: the same Sturges edges (from both samples' range) and the same counts per bin, each value
    /// placed by arithmetic on its offset and then moved to the bin its edges give ([eᵢ, eᵢ₊₁), the last bin closed), as
    /// numpy.histogram does. O(n + m), no sorting. Callers decide first that the reference has more than
    /// <see cref="MaxDistinctForValues"/> distinct values (<see cref="HasMoreDistinct"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] Reference, double[] Current) BinnedShares(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (minR, maxR) = Range(reference);
        var (minC, maxC) = Range(current);
        var edges = SturgesEdges(Math.Min(minR, minC), Math.Max(maxR, maxC), reference.Length + current.Length);
        return (BinShares(reference, edges), BinShares(current, edges));
    }

    /// <summary>Whether a NaN-free span holds more than <paramref name="limit"/> distinct values; stops as soon as it does.</summary>
    public static bool HasMoreDistinct(ReadOnlySpan<double> values, int limit)
    {
        Span<double> seen = stackalloc double[limit];
        var count = 0;
        foreach (var v in values)
        {
            var known = false;
            for (var k = 0; k < count && !known; k++)
            {
                known = seen[k] == v; // == so that -0 and 0 are one value, as in CountDistinct
            }
            if (known)
            {
                continue;
            }
            if (count == limit)
            {
                return true;
            }
            seen[count++] = v;
        }
        return false;
    }

    private static (double Min, double Max) Range(ReadOnlySpan<double> values)
    {
        double min = values[0], max = values[0];
        foreach (var v in values)
        {
            min = v < min ? v : min;
            max = v > max ? v : max;
        }
        return (min, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] BinShares(ReadOnlySpan<double> values, double[] edges)
    {
        var bins = edges.Length - 1;
        var first = edges[0];
        var scale = bins / (edges[bins] - first);
        var counts = new long[bins];
        foreach (var x in values)
        {
            var b = (int)Math.Clamp((x - first) * scale, 0, bins - 1);
            while (b > 0 && x < edges[b])
            {
                b--;
            }
            while (b < bins - 1 && x >= edges[b + 1])
            {
                b++;
            }
            counts[b]++;
        }
        var shares = new double[bins];
        for (var b = 0; b < bins; b++)
        {
            shares[b] = (double)counts[b] / values.Length;
        }
        return shares;
    }

    /// <summary>Number of distinct values in an ascending span.</summary>
    public static int CountDistinct(ReadOnlySpan<double> sorted)
    {
        var count = sorted.IsEmpty ? 0 : 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                count++;
            }
        }
        return count;
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
