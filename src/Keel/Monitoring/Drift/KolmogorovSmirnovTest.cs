using System.Runtime.CompilerServices;

namespace Keel.Monitoring.Drift;

/// <summary>
/// The two-sample, two-sided Kolmogorov–Smirnov test as <c>scipy.stats.ks_2samp(method="auto")</c> computes it
/// (SciPy 1.10): the exact null distribution when both samples have at most 10,000 values, otherwise
/// <c>kstwo.sf(D, round(n·m/(n+m)))</c>.
/// </summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>Largest sample size for which 'auto' computes the exact p-value (SciPy's MAX_AUTO_N).</summary>
    public const int MaxExactSize = 10_000;

    /// <summary>
    /// D = sup |F_ref − F_cur| and its p-value. Both spans must be sorted ascending, without NaN, and non-empty.
    /// O(n + m) for D; the exact p-value costs O(n + m) for equal sizes and up to O(n·m) otherwise.
    /// </summary>
    /// <remarks>When the p-value is exact, D is reported as h / lcm(n, m) with h = round(D·lcm), as SciPy does.</remarks>
    public static DriftStatistic Compute(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        if (sortedReference.IsEmpty || sortedCurrent.IsEmpty)
        {
            throw new ArgumentException("both samples need at least one value");
        }
        var d = Statistic(sortedReference, sortedCurrent);
        long n1 = sortedReference.Length, n2 = sortedCurrent.Length;
        if (Math.Max(n1, n2) <= MaxExactSize && TryExact(n1, n2, d, out var exactD, out var p))
        {
            return new DriftStatistic(exactD, p);
        }
        var m = (double)Math.Max(n1, n2);
        var n = (double)Math.Min(n1, n2);
        var en = (long)Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new DriftStatistic(d, Math.Clamp(KolmogorovDistribution.Survival(en, d), 0, 1));
    }

    /// <summary>sup |F₁ − F₂| over both samples' values, with right-continuous empirical CDFs (SciPy's searchsorted 'right').</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double n1 = a.Length, n2 = b.Length;
        int i = 0, j = 0;
        var max = 0.0;
        while (i < a.Length && j < b.Length)
        {
            // Step past every copy of the smaller value in both samples, so ties are evaluated after the jump.
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }
            while (j < b.Length && b[j] <= x)
            {
                j++;
            }
            var diff = Math.Abs((i / n1) - (j / n2));
            max = diff > max ? diff : max;
        }
        // Once one sample is used up the other's CDF only rises towards 1, so the gap only shrinks.
        return max;
    }

    private static bool TryExact(long n1, long n2, double d, out double exactD, out double p)
    {
        var g = Gcd(n1, n2);
        var lcm = n1 / g * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        exactD = (double)h / lcm;
        if (h == 0)
        {
            p = 1.0;
            return true;
        }
        p = n1 == n2 ? ProbabilityOutsideSquare(n1, h) : ProbabilityOutsideInside(n1, n2, g, h);
        return p is >= 0 and <= 1;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }

    /// <summary>
    /// P(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^(k+1) C(2n, n−kh) / C(2n, n), evaluated Horner-style on ratios to avoid
    /// cancellation (SciPy's <c>_compute_prob_outside_square</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ProbabilityOutsideSquare(long n, long h)
    {
        var total = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }
            total = p1 * (1.0 - total);
        }
        return 2 * total;
    }

    /// <summary>
    /// 1 − (share of lattice paths from (0,0) to (m,n) staying strictly inside |x/m − y/n| &lt; h/lcm), by Hodges' (1958)
    /// inside method in Viehmann's (2021) form that carries 1 − p, one column at a time over a sliding window
    /// (SciPy's <c>_compute_outer_prob_inside_method</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ProbabilityOutsideInside(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }
        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min((2 * maxj) + 2, n + 1);
        var a = new double[lenA];
        a.AsSpan().Fill(1.0);
        a.AsSpan((int)minj, (int)(maxj - minj)).Clear();
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor((double)((ng * i) - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((double)((ng * i) + h) / mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((a[jj + minj - lastminj] * i) + (val * j)) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                // Python slice semantics: the range is cut at the end of the window.
                var start = (int)Math.Min(maxj - minj, lenA);
                a.AsSpan(start, (int)Math.Min(lastlen - curlen, lenA - start)).Fill(1.0);
            }
        }
        return a[maxj - minj - 1];
    }
}
