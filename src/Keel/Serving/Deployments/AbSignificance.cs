using Keel.Statistics;

namespace Keel.Serving.Deployments;

/// <summary>
/// Whether two A/B variants differ: the two-proportion z-test for a binary outcome (conversion, correct prediction)
/// and Welch's t-test for a continuous one. Both two-sided; values match SciPy
/// (<c>scipy.stats.ttest_ind(a, b, equal_var=False)</c>, and the pooled z-test with <c>scipy.stats.norm.sf</c>).
/// </summary>
public static class AbSignificance
{
    /// <summary>
    /// Two-proportion z-test with the pooled proportion: z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (x₁ + x₂)/(n₁ + n₂)
    /// (e.g. Agresti, Categorical Data Analysis, 3rd ed., §2.1.3); p = 2·(1 − Φ(|z|)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or successes exceed trials.</exception>
    public static SignificanceTest TwoProportionZ(long successesA, long trialsA, long successesB, long trialsB)
    {
        Check(successesA, trialsA, nameof(successesA));
        Check(successesB, trialsB, nameof(successesB));
        if (trialsA == 0 || trialsB == 0)
        {
            return new SignificanceTest("two_proportion_z", double.NaN, double.NaN, double.PositiveInfinity, double.NaN);
        }
        var pa = (double)successesA / trialsA;
        var pb = (double)successesB / trialsB;
        var pooled = (double)(successesA + successesB) / (trialsA + trialsB);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / trialsA) + (1.0 / trialsB)));
        var z = se == 0 ? double.NaN : (pa - pb) / se;
        var p = double.IsNaN(z) ? double.NaN : SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2));
        return new SignificanceTest("two_proportion_z", pa - pb, z, double.PositiveInfinity, p);
    }

    /// <summary>
    /// Welch's unequal-variance t-test from each variant's mean, sample variance (n − 1) and count:
    /// t = (m₁ − m₂) / √(v₁/n₁ + v₂/n₂), with Welch–Satterthwaite degrees of freedom (Welch 1947); p = I_(ν/(ν+t²))(ν/2, 1/2).
    /// </summary>
    public static SignificanceTest WelchT(double meanA, double varianceA, long countA, double meanB, double varianceB, long countB)
    {
        if (countA < 2 || countB < 2)
        {
            return new SignificanceTest("welch_t", meanA - meanB, double.NaN, double.NaN, double.NaN);
        }
        var ea = varianceA / countA;
        var eb = varianceB / countB;
        var se = Math.Sqrt(ea + eb);
        if (!(se > 0))
        {
            return new SignificanceTest("welch_t", meanA - meanB, double.NaN, double.NaN, double.NaN);
        }
        var t = (meanA - meanB) / se;
        var df = (ea + eb) * (ea + eb) / ((ea * ea / (countA - 1)) + (eb * eb / (countB - 1)));
        var p = SpecialFunctions.RegularizedBeta(df / 2, 0.5, df / (df + (t * t)));
        return new SignificanceTest("welch_t", meanA - meanB, t, df, p);
    }

    /// <summary>Welch's t-test on the quality metric of two variants' metrics.</summary>
    public static SignificanceTest WelchT(RoleMetricsSnapshot a, RoleMetricsSnapshot b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return WelchT(a.QualityMean, a.QualityVariance, a.QualityCount, b.QualityMean, b.QualityVariance, b.QualityCount);
    }

    /// <summary>
    /// The two-proportion z-test on the quality metric of two variants' metrics, read as 1/0 outcomes (successes =
    /// mean × count, rounded).
    /// </summary>
    public static SignificanceTest TwoProportionZ(RoleMetricsSnapshot a, RoleMetricsSnapshot b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return TwoProportionZ(Successes(a), a.QualityCount, Successes(b), b.QualityCount);
    }

    private static long Successes(RoleMetricsSnapshot s) => s.QualityCount == 0 ? 0 : (long)Math.Round(s.QualityMean * s.QualityCount);

    private static void Check(long successes, long trials, string name)
    {
        if (successes < 0 || trials < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(name, $"{successes} successes in {trials} trials: counts must satisfy 0 <= successes <= trials");
        }
    }
}
