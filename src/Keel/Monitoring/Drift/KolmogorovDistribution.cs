using System.Runtime.CompilerServices;

namespace Keel.Monitoring.Drift;

/// <summary>
/// The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ for finite n (scipy.stats.kstwo),
/// computed as Simard &amp; L'Ecuyer, "Computing the Two-Sided Kolmogorov–Smirnov Distribution" (2011) recommend and
/// SciPy 1.10's <c>scipy/stats/_ksstats.py</c> implements: Ruben–Gambino closed forms at the ends, the
/// Durbin matrix (Marsaglia–Tsang–Wang 2003) for small n·x², the Pelz–Good expansion for large n, and twice the
/// one-sided Smirnov tail (Birnbaum–Tingey) in the upper tail. The same regions are used so values agree with SciPy.
/// </summary>
internal static class KolmogorovDistribution
{
    private const int Scale = 128;
    private static readonly double Up = Math.ScaleB(1.0, Scale);
    private static readonly double Down = Math.ScaleB(1.0, -Scale);
    private const double MinLog = -708;

    private static readonly double[] Stirling =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>P(Dₙ &gt; x) (scipy.stats.kstwo.sf(x, n)).</summary>
    public static double Survival(long n, double x)
    {
        if (x >= 1.0)
        {
            return 0.0;
        }
        if (x <= 0.0)
        {
            return 1.0;
        }
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }
            double cdf;
            if (n <= 140)
            {
                cdf = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    cdf *= i * (1.0 / n) * ((2 * t) - 1);
                }
            }
            else
            {
                cdf = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            }
            return Clip(1.0 - cdf);
        }
        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }
        if (x >= 0.5)
        {
            return Clip(2 * Smirnov(n, x));
        }
        var nx2 = t * x;
        if (n <= 140)
        {
            // SciPy uses Pomeranz's recursion for 0.754693 < n·x² ≤ 4; the Durbin matrix is exact there too.
            return nx2 <= 4 ? Clip(1.0 - Durbin(n, x)) : Clip(2 * Smirnov(n, x));
        }
        if (nx2 >= 370.0)
        {
            return 0.0;
        }
        if (nx2 >= 2.2)
        {
            return Clip(2 * Smirnov(n, x));
        }
        var cdfProb = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? Durbin(n, x) : PelzGood(n, x);
        return Clip(1.0 - cdfProb);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    // ln(n! / nⁿ) by Stirling's series.
    private static double LogFactorialOverPower(long n)
    {
        var rn = 1.0 / n;
        var y = rn / n;
        var poly = 0.0;
        foreach (var c in Stirling)
        {
            poly = (poly * y) + c;
        }
        return (Math.Log(n) / 2) - n + (Math.Log(2 * Math.PI) / 2) + (rn * poly);
    }

    /// <summary>
    /// P(Dₙ⁺ &gt; e), the one-sided Smirnov tail (scipy.special.smirnov), by Birnbaum and Tingey's sum
    /// Σ_{v=0}^{⌊n(1−e)⌋} C(n,v)·e·(e+v/n)^(v−1)·(1−e−v/n)^(n−v), each term in logs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Smirnov(long n, double e)
    {
        if (e <= 0.0)
        {
            return 1.0;
        }
        if (e >= 1.0)
        {
            return 0.0;
        }
        var last = (long)Math.Floor(n * (1.0 - e));
        var logChoose = 0.0; // ln C(n, v), updated term by term
        var sum = 0.0;
        for (long v = 0; v <= last; v++)
        {
            var evn = e + ((double)v / n);
            var omevn = 1.0 - evn;
            if (omevn > 0.0)
            {
                var logTerm = logChoose + ((v - 1) * Math.Log(evn)) + ((n - v) * Math.Log(omevn));
                if (logTerm > MinLog)
                {
                    sum += Math.Exp(logTerm);
                }
            }
            logChoose += Math.Log((double)(n - v) / (v + 1));
        }
        return Clip(sum * e);
    }

    /// <summary>P(Dₙ ≤ d) by Durbin's matrix method as Marsaglia, Tsang &amp; Wang (2003) compute it, with power-of-two rescaling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Durbin(long n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * fac;
        }
        var tt = Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m));
        v[m - 1] = (1.0 + tt) * fac;
        var hm = new double[m * m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[(r * m) + i] = w[r - (i - 1)];
            }
        }
        for (var r = 0; r < m; r++)
        {
            hm[r * m] = v[r];
        }
        for (var c = 0; c < m; c++)
        {
            hm[((m - 1) * m) + c] = v[m - 1 - c];
        }
        var power = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            power[(i * m) + i] = 1.0;
        }
        var scratch = new double[m * m];
        var exponent = 0;
        var hExponent = 0;
        var remaining = n;
        var diagonal = ((k - 1) * m) + (k - 1);
        while (remaining > 0)
        {
            if ((remaining & 1) == 1)
            {
                Multiply(power, hm, scratch, m);
                (power, scratch) = (scratch, power);
                exponent += hExponent;
            }
            Multiply(hm, hm, scratch, m);
            (hm, scratch) = (scratch, hm);
            hExponent *= 2;
            if (Math.Abs(hm[diagonal]) > Up)
            {
                for (var i = 0; i < hm.Length; i++)
                {
                    hm[i] /= Up;
                }
                hExponent += Scale;
            }
            remaining /= 2;
        }
        var p = power[diagonal];
        for (long i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Down)
            {
                p *= Up;
                exponent -= Scale;
            }
        }
        return Clip(Math.ScaleB(p, exponent));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(double[] a, double[] b, double[] result, int m)
    {
        Array.Clear(result);
        for (var i = 0; i < m; i++)
        {
            var row = result.AsSpan(i * m, m);
            for (var k = 0; k < m; k++)
            {
                var aik = a[(i * m) + k];
                if (aik == 0)
                {
                    continue;
                }
                var bRow = b.AsSpan(k * m, m);
                for (var j = 0; j < m; j++)
                {
                    row[j] += aik * bRow[j];
                }
            }
        }
    }

    /// <summary>The Pelz–Good (1976) asymptotic expansion of P(Dₙ ≤ x), in the form SciPy evaluates it.</summary>
    public static double PelzGood(long n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }
        if (x >= 1.0)
        {
            return 1.0;
        }
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        const double pi2 = Math.PI * Math.PI;
        const double pi4 = pi2 * pi2;
        const double pi6 = pi4 * pi2;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        var qlog = -pi2 / 8 / z2;
        if (qlog < MinLog)
        {
            return 0.0;
        }
        var q = Math.Exp(qlog);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * pi2 / 4;
        var k2c = pi4 * (1 - (2 * z2)) / 16;
        var k3d = pi6 * (5 - (30 * z2)) / 64;
        var k3c = pi4 * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = pi2 * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * Math.Pow(z, 8));
        double k0 = 0, k1 = 0, k2 = 0, k3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var kk = maxK; kk > 0; kk--)
        {
            var mm = (2 * kk) - 1;
            double m2 = (double)mm * mm, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * kk);
            k0 = (k0 * qPower) + 1.0;
            k1 = (k1 * qPower) + k1a + (k1b * m2);
            k2 = (k2 * qPower) + k2a + (k2b * m2) + (k2c * m4);
            k3 = (k3 * qPower) + k3a + (k3b * m2) + (k3c * m4) + (k3d * m6);
        }
        var factor = q * sqrt2Pi;
        k0 *= factor / z;
        k1 *= factor / (6 * z4);
        k2 *= factor / (72 * Math.Pow(z, 7));
        k3 *= factor / (6480 * Math.Pow(z, 10));
        var q2 = Math.Exp(-pi2 / 2 / z2);
        double extra2 = 0, extra3 = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var kk = maxK; kk > 0; kk--)
        {
            var ksq = (double)kk * kk;
            var qp = Math.Pow(q2, ksq);
            extra2 += ksq * qp;
            var kspi = Math.PI * kk;
            extra3 += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        k2 += extra2 * pi2 * sqrt2Pi / (-36 * z3);
        k3 += extra3 * pi2 * sqrt2Pi / (216 * z6);
        var rootN = Math.Sqrt(n);
        return k0 + (k1 / rootN) + (k2 / n) + (k3 / (n * rootN));
    }
}
