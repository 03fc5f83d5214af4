using Keel.Statistics;

namespace Keel.Monitoring.Drift;

/// <summary>
/// Pearson's χ² goodness-of-fit of the current counts against the reference proportions scaled to the current size:
/// <c>scipy.stats.chisquare(f_obs=current, f_exp=reference·(n_cur/n_ref))</c>, as Evidently's <c>chisquare</c>
/// stattest calls it. A value the reference never had makes χ² infinite and p = 0; one category alone gives p = NaN.
/// </summary>
public static class ChiSquareTest
{
    /// <summary>χ² and its p-value on k − 1 degrees of freedom. O(k).</summary>
    public static DriftStatistic Compute(CategoryCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var scale = (double)counts.CurrentTotal / counts.ReferenceTotal;
        var chi2 = 0.0;
        for (var i = 0; i < counts.Keys.Count; i++)
        {
            var expected = counts.Reference[i] * scale;
            var diff = counts.Current[i] - expected;
            chi2 += diff * diff / expected;
        }
        var df = counts.Keys.Count - 1;
        var p = df == 0 ? double.NaN : double.IsPositiveInfinity(chi2) ? 0.0 : SpecialFunctions.ChiSquareSurvival(chi2, df);
        return new DriftStatistic(chi2, p);
    }
}
