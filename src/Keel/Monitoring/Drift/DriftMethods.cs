namespace Keel.Monitoring.Drift;

/// <summary>Names, default thresholds and the automatic choice of <see cref="DriftMethod"/>s.</summary>
public static class DriftMethods
{
    /// <summary>Reference sizes up to this use hypothesis tests in the automatic choice; larger ones use distances (Evidently).</summary>
    public const int SmallReference = 1000;

    /// <summary>Numeric columns with at most this many distinct values (both samples together) are treated as categories.</summary>
    public const int MaxDistinctForCategories = 5;

    /// <summary>The short name used on the command line and in JSON: auto, psi, ks, chi2, jensenshannon, wasserstein, z.</summary>
    public static string Name(this DriftMethod method) => method switch
    {
        DriftMethod.Auto => "auto",
        DriftMethod.Psi => "psi",
        DriftMethod.KolmogorovSmirnov => "ks",
        DriftMethod.ChiSquare => "chi2",
        DriftMethod.JensenShannon => "jensenshannon",
        DriftMethod.Wasserstein => "wasserstein",
        DriftMethod.ZTest => "z",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Parses a <see cref="Name"/>; false for anything else.</summary>
    public static bool TryParse(string text, out DriftMethod method)
    {
        foreach (var candidate in Enum.GetValues<DriftMethod>())
        {
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }
        method = DriftMethod.Auto;
        return false;
    }

    /// <summary>Evidently's default threshold: 0.05 for p-values, 0.1 for PSI and the distances.</summary>
    public static double DefaultThreshold(this DriftMethod method) => method.HasPValue() ? 0.05 : 0.1;

    /// <summary>True for the hypothesis tests (drift when p &lt; threshold); false for PSI and distances (drift when statistic ≥ threshold).</summary>
    public static bool HasPValue(this DriftMethod method) =>
        method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquare or DriftMethod.ZTest;

    /// <summary>Whether the method can run on a column of this kind (KS and Wasserstein need numbers).</summary>
    public static bool AppliesTo(this DriftMethod method, bool numeric) =>
        numeric || method is not (DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein);

    /// <summary>
    /// Evidently's default (<c>registry._get_default_stattest</c>): with at most 1,000 reference values, KS for numeric
    /// columns with more than 5 distinct values, otherwise χ² — or the z-test when there are at most 2 distinct values;
    /// with more reference values, normed Wasserstein for numeric columns with more than 5 distinct values, otherwise
    /// Jensen–Shannon. Distinct values are counted over both samples together.
    /// </summary>
    public static DriftMethod Choose(bool numeric, long referenceCount, int distinctValues)
    {
        var manyValues = numeric && distinctValues > MaxDistinctForCategories;
        if (referenceCount <= SmallReference)
        {
            return manyValues ? DriftMethod.KolmogorovSmirnov : distinctValues > 2 ? DriftMethod.ChiSquare : DriftMethod.ZTest;
        }
        return manyValues ? DriftMethod.Wasserstein : DriftMethod.JensenShannon;
    }
}
