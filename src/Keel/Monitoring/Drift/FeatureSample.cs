using System.Buffers;
using System.Runtime.CompilerServices;
using Keel.Data.Profiles;

namespace Keel.Monitoring.Drift;

/// <summary>
/// One column's reference and current values, missing ones dropped, ready for the drift tests: sorted numbers for a
/// numeric column (sorted on first use), counts per value for a categorical or boolean one. Immutable once built, safe
/// to share between threads.
/// </summary>
public sealed class FeatureSample
{
    /// <summary>Both sides are sorted on two threads when together they hold at least this many values.</summary>
    internal static int ParallelSortThreshold { get; set; } = 1 << 17;

    /// <summary>Sides of at least this many values are sorted by <see cref="DoubleRadixSort"/> rather than a comparison sort.</summary>
    private const int RadixSortThreshold = 1 << 12;

    private readonly double[]? _reference;
    private readonly double[]? _current;
    private readonly SampleBufferPool? _pool;
    private readonly Lock _sorting = new();
    private volatile bool _sorted;
    private CategoryCounts? _counts;

    private FeatureSample(string name, string type, double[]? reference, double[]? current, CategoryCounts? counts, SampleBufferPool? pool = null)
    {
        _pool = pool;
        Name = name;
        Type = type;
        _reference = reference;
        _current = current;
        _counts = counts;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>"numeric", "categorical" or "boolean".</summary>
    public string Type { get; }

    /// <summary>True for numeric columns.</summary>
    public bool IsNumeric => _reference is not null;

    /// <summary>The reference values ascending (numeric columns only). Sorted on first use (with the current values).</summary>
    public double[]? SortedReference => Sorted()._reference;

    /// <summary>The current values ascending (numeric columns only). Sorted on first use (with the reference values).</summary>
    public double[]? SortedCurrent => Sorted()._current;

    /// <summary>Counts per value; for a numeric column built on first use, one key per distinct number.</summary>
    public CategoryCounts Counts => _counts ??= CategoryCounts.FromSorted(SortedReference, SortedCurrent);

    /// <summary>Number of reference values.</summary>
    public long ReferenceCount => _reference?.Length ?? _counts!.ReferenceTotal;

    /// <summary>Number of current values.</summary>
    public long CurrentCount => _current?.Length ?? _counts!.CurrentTotal;

    /// <summary>
    /// A numeric sample: NaN and ±∞ are dropped (Evidently drops both), the rest copied. O(n); the copies are sorted
    /// only when a test needs them in order (KS, Wasserstein, value counts), O(n) by radix sort on large samples.
    /// </summary>
    public static FeatureSample Numeric(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        new(name, "numeric", Finite(reference, null), Finite(current, null), null);

    /// <summary>
    /// <see cref="Numeric(string, ReadOnlySpan{double}, ReadOnlySpan{double})"/> with the copies taken from
    /// <paramref name="pool"/>; <see cref="Recycle"/> gives them back once the sample is no longer used.
    /// </summary>
    internal static FeatureSample Numeric(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current, SampleBufferPool pool) =>
        new(name, "numeric", Finite(reference, pool), Finite(current, pool), null, pool);

    /// <summary>Returns a pooled numeric sample's arrays to its pool. The sample (and its sorted arrays) must not be used afterwards.</summary>
    internal void Recycle()
    {
        if (_pool is not null && _reference is not null)
        {
            _pool.Return(_reference);
            _pool.Return(_current!);
        }
    }

    /// <summary>A categorical (or boolean, per <paramref name="type"/>) sample from counts per value.</summary>
    public static FeatureSample Categorical(string name, CategoryCounts counts, string type = "categorical") =>
        new(name, type, null, null, counts ?? throw new ArgumentNullException(nameof(counts)));

    /// <summary>
    /// The shares PSI and Jensen–Shannon compare (<see cref="DriftBinning"/>): for a numeric column with more than
    /// 20 distinct reference values, Sturges bins counted in one pass over the unsorted values; otherwise per value.
    /// </summary>
    public (double[] Reference, double[] Current) Shares()
    {
        if (!IsNumeric)
        {
            return DriftBinning.Shares(Counts);
        }
        if (!_sorted && DriftBinning.HasMoreDistinct(_reference, DriftBinning.MaxDistinctForValues))
        {
            return DriftBinning.BinnedShares(_reference, _current!);
        }
        return DriftBinning.Shares(SortedReference, SortedCurrent);
    }

    /// <summary>Distinct values over both samples together (Evidently's n_values).</summary>
    public int DistinctValues()
    {
        if (!IsNumeric)
        {
            return _counts!.Keys.Count;
        }
        var a = SortedReference!;
        var b = SortedCurrent!;
        int i = 0, j = 0, count = 0;
        while (i < a.Length || j < b.Length)
        {
            var x = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x)
            {
                i++;
            }
            while (j < b.Length && b[j] == x)
            {
                j++;
            }
            count++;
        }
        return count;
    }

    private FeatureSample Sorted()
    {
        if (_sorted || _reference is null)
        {
            return this;
        }
        lock (_sorting)
        {
            if (!_sorted)
            {
                if (_reference.Length + _current!.Length >= ParallelSortThreshold)
                {
                    Parallel.Invoke(() => Sort(_reference), () => Sort(_current));
                }
                else
                {
                    Sort(_reference);
                    Sort(_current);
                }
                _sorted = true;
            }
        }
        return this;
    }

    private static void Sort(double[] values)
    {
        if (values.Length < RadixSortThreshold)
        {
            Array.Sort(values);
            return;
        }
        var keys = ArrayPool<ulong>.Shared.Rent(values.Length);
        var scratch = ArrayPool<ulong>.Shared.Rent(values.Length);
        DoubleRadixSort.Sort(values, keys, scratch);
        ArrayPool<ulong>.Shared.Return(keys);
        ArrayPool<ulong>.Shared.Return(scratch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Finite(ReadOnlySpan<double> values, SampleBufferPool? pool)
    {
        var kept = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                kept++;
            }
        }
        var result = pool?.Rent(kept) ?? GC.AllocateUninitializedArray<double>(kept);
        if (kept == values.Length)
        {
            values.CopyTo(result);
            return result;
        }
        var k = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                result[k++] = v;
            }
        }
        return result;
    }
}
