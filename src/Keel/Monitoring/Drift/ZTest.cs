using Keel.Statistics;

namespace Keel.Monitoring.Drift;

/// <summary>
/// Two-proportion z-test as Evidently's <c>z</c> stattest runs it: the first key in sorted order counts as 0 and
/// every other value as 1; z = (p_ref − p_cur) / √(P(1−P)(1/n_ref + 1/n_cur)) with the pooled P, and
/// p = 2·(1 − Φ(|z|)). When both samples hold the same single value, z = 0 and p = 1.
/// </summary>
public static class ZTest
{
    /// <summary>z and its two-sided p-value. O(k).</summary>
    public static DriftStatistic Compute(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Keys.Count == 1)
        {
            return new DriftStatistic(0.0, 1.0);
        }
        double n1 = counts.ReferenceTotal, n2 = counts.CurrentTotal;
        var p1 = (n1 - counts.Reference[0]) / n1;
        var p2 = (n2 - counts.Current[0]) / n2;
        var pooled = ((p1 * n1) + (p2 * n2)) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        return new DriftStatistic(z, 2 * SpecialFunctions.NormalSurvival(Math.Abs(z)));
    }
}
