namespace Keel.Monitoring.Drift;

/// <summary>
/// The few special functions the drift tests need: log-gamma, the regularized upper incomplete gamma function and the
/// survival functions built on it (χ², standard normal). Accurate to about 1e-14 relative; checked against SciPy.
/// </summary>
internal static class SpecialFunctions
{
    private const int MaxIterations = 10_000;
    private const double Epsilon = 1e-16;

    // Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients, as in Numerical Recipes 3rd ed. §6.1 and the
    // usual reference implementations); relative error below 1e-15 for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (scipy.special.gammaln).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        var a = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>
    /// Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function (scipy.special.gammaincc), for
    /// a &gt; 0, x ≥ 0: the series for P when x &lt; a + 1, Lentz's continued fraction for Q otherwise
    /// (Numerical Recipes 3rd ed. §6.2).
    /// </summary>
    public static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1.0;
        }
        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }
        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            var term = 1.0 / a;
            var sum = term;
            for (var n = 1; n < MaxIterations; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
                {
                    break;
                }
            }
            return 1.0 - (sum * Math.Exp(logPrefix));
        }
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }
        return Math.Exp(logPrefix) * h;
    }

    /// <summary>P(χ²(df) &gt; x) (scipy.stats.chi2.sf) = Q(df/2, x/2).</summary>
    public static double ChiSquareSurvival(double x, double degreesOfFreedom) =>
        UpperRegularizedGamma(degreesOfFreedom / 2, x / 2);

    /// <summary>P(Z &gt; z) for a standard normal Z (scipy.stats.norm.sf) = erfc(z/√2)/2, with erfc(t) = Q(1/2, t²) for t ≥ 0.</summary>
    public static double NormalSurvival(double z) =>
        z >= 0 ? 0.5 * UpperRegularizedGamma(0.5, z * z / 2) : 1 - (0.5 * UpperRegularizedGamma(0.5, z * z / 2));
}
