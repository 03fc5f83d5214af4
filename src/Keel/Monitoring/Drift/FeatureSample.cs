namespace Keel.Monitoring.Drift;

/// <summary>
/// One column's reference and current values, missing ones dropped, ready for the drift tests: sorted numbers for a
/// numeric column, counts per value for a categorical or boolean one. Immutable once built.
/// </summary>
public sealed class FeatureSample
{
    private CategoryCounts? _counts;

    private FeatureSample(string name, string type, double[]? reference, double[]? current, CategoryCounts? counts)
    {
        Name = name;
        Type = type;
        SortedReference = reference;
        SortedCurrent = current;
        _counts = counts;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>"numeric", "categorical" or "boolean".</summary>
    public string Type { get; }

    /// <summary>True for numeric columns.</summary>
    public bool IsNumeric => SortedReference is not null;

    /// <summary>The reference values ascending (numeric columns only).</summary>
    public double[]? SortedReference { get; }

    /// <summary>The current values ascending (numeric columns only).</summary>
    public double[]? SortedCurrent { get; }

    /// <summary>Counts per value; for a numeric column built on first use, one key per distinct number.</summary>
    public CategoryCounts Counts => _counts ??= CategoryCounts.FromSorted(SortedReference, SortedCurrent);

    /// <summary>Number of reference values.</summary>
    public long ReferenceCount => SortedReference?.Length ?? _counts!.ReferenceTotal;

    /// <summary>Number of current values.</summary>
    public long CurrentCount => SortedCurrent?.Length ?? _counts!.CurrentTotal;

    /// <summary>A numeric sample: NaN and ±∞ are dropped (Evidently drops both), the rest copied and sorted. O(n log n).</summary>
    public static FeatureSample Numeric(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        new(name, "numeric", SortedFinite(reference), SortedFinite(current), null);

    /// <summary>A categorical (or boolean, per <paramref name="type"/>) sample from counts per value.</summary>
    public static FeatureSample Categorical(string name, CategoryCounts counts, string type = "categorical") =>
        new(name, type, null, null, counts ?? throw new ArgumentNullException(nameof(counts)));

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

    private static double[] SortedFinite(ReadOnlySpan<double> values)
    {
        var kept = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                kept++;
            }
        }
        var result = new double[kept];
        var k = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                result[k++] = v;
            }
        }
        Array.Sort(result);
        return result;
    }
}
