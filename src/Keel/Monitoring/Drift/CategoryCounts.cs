using System.Globalization;

namespace Keel.Monitoring.Drift;

/// <summary>
/// How often each value occurs in the reference and in the current sample, over the union of the values both have
/// (Evidently's key list), keys in ascending order (ordinal for text, numeric for numbers). Immutable.
/// </summary>
public sealed class CategoryCounts
{
    /// <summary>Creates counts over <paramref name="keys"/>, which must be distinct and in the order the z-test should use.</summary>
    public CategoryCounts(IReadOnlyList<string> keys, long[] reference, long[] current)
    {
        if (keys.Count != reference.Length || keys.Count != current.Length)
        {
            throw new ArgumentException($"{keys.Count} keys but {reference.Length} reference and {current.Length} current counts");
        }
        Keys = keys;
        Reference = reference;
        Current = current;
        foreach (var c in reference)
        {
            ReferenceTotal += c;
        }
        foreach (var c in current)
        {
            CurrentTotal += c;
        }
    }

    /// <summary>The values, ascending.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Reference count per key (0 where only the current sample has the value).</summary>
    public long[] Reference { get; }

    /// <summary>Current count per key (0 where only the reference has the value).</summary>
    public long[] Current { get; }

    /// <summary>Number of reference values.</summary>
    public long ReferenceTotal { get; }

    /// <summary>Number of current values.</summary>
    public long CurrentTotal { get; }

    /// <summary>Counts of text values; keys sorted ordinally (Python's <c>sorted</c> on str).</summary>
    public static CategoryCounts FromText(IReadOnlyDictionary<string, (long Reference, long Current)> counts)
    {
        var keys = counts.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        var reference = new long[keys.Length];
        var current = new long[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            (reference[i], current[i]) = counts[keys[i]];
        }
        return new CategoryCounts(keys, reference, current);
    }

    /// <summary>Counts of each distinct number in two ascending, NaN-free samples; O(n + m).</summary>
    public static CategoryCounts FromSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var keys = new List<string>();
        var reference = new List<long>();
        var current = new List<long>();
        int i = 0, j = 0;
        while (i < sortedReference.Length || j < sortedCurrent.Length)
        {
            var x = i == sortedReference.Length ? sortedCurrent[j]
                : j == sortedCurrent.Length ? sortedReference[i]
                : Math.Min(sortedReference[i], sortedCurrent[j]);
            var i0 = i;
            var j0 = j;
            while (i < sortedReference.Length && sortedReference[i] == x)
            {
                i++;
            }
            while (j < sortedCurrent.Length && sortedCurrent[j] == x)
            {
                j++;
            }
            keys.Add(x.ToString("R", CultureInfo.InvariantCulture));
            reference.Add(i - i0);
            current.Add(j - j0);
        }
        return new CategoryCounts(keys, [.. reference], [.. current]);
    }
}
