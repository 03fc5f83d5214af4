namespace Keel.Monitoring.Drift;

/// <summary>
/// The Jensen–Shannon distance, base 2 (so it lies in [0, 1]), of two share vectors:
/// <c>scipy.spatial.distance.jensenshannon(p, q, base=2)</c> = √((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2,
/// each vector first normalised to sum 1. Evidently's <c>jensenshannon</c> stattest applies it to the unfloored shares
/// of <see cref="DriftBinning"/>.
/// </summary>
public static class JensenShannonDistance
{
    /// <summary>The distance. O(k).</summary>
    public static double Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"{p.Length} and {q.Length} shares");
        }
        double sumP = 0, sumQ = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sumP += p[i];
            sumQ += q[i];
        }
        double left = 0, right = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sumP;
            var qi = q[i] / sumQ;
            var m = (pi + qi) / 2;
            left += RelativeEntropy(pi, m);
            right += RelativeEntropy(qi, m);
        }
        var js = (left + right) / Math.Log(2);
        return Math.Sqrt(js / 2);
    }

    // scipy.special.rel_entr: x·ln(x/y), 0 for x = 0.
    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0.0;
}
