using System.Runtime.CompilerServices;

namespace Keel.Monitoring.Drift;

/// <summary>
/// The first Wasserstein distance between two empirical distributions, the area between their CDFs
/// (<c>scipy.stats.wasserstein_distance</c>), and Evidently's normed variant that divides it by the reference's
/// population standard deviation (<c>np.std</c>, ddof 0) floored at 0.001.
/// </summary>
public static class WassersteinDistance
{
    /// <summary>Smallest divisor the normed distance uses (Evidently's floor).</summary>
    public const double MinScale = 0.001;

    /// <summary>∫ |F_ref − F_cur| dx over two ascending, NaN-free, non-empty samples. O(n + m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double n1 = a.Length, n2 = b.Length;
        int i = 0, j = 0;
        var area = 0.0;
        while (i < a.Length || j < b.Length)
        {
            var x = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }
            while (j < b.Length && b[j] <= x)
            {
                j++;
            }
            if (i == a.Length && j == b.Length)
            {
                break;
            }
            var next = i == a.Length ? b[j] : j == b.Length ? a[i] : Math.Min(a[i], b[j]);
            area += Math.Abs((i / n1) - (j / n2)) * (next - x);
        }
        return area;
    }

    /// <summary>The distance divided by max(std(reference), 0.001) (Evidently's <c>wasserstein</c> stattest).</summary>
    public static double ComputeNormed(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        Compute(sortedReference, sortedCurrent) / Math.Max(PopulationStandardDeviation(sortedReference), MinScale);

    /// <summary>√(Σ(x − mean)² / n), two passes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double PopulationStandardDeviation(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }
        var mean = sum / values.Length;
        var squares = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
        }
        return Math.Sqrt(squares / values.Length);
    }
}
