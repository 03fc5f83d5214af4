using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Keel.Learning.Linear;

/// <summary>
/// The level-1 kernels the linear learners need, with a fixed summation order so that results are bit-identical on
/// every machine. Reductions keep <see cref="Lanes"/> partial sums, element i going to sum i mod 8, and combine
/// them as ((s₀+s₄) + (s₁+s₅)) + ((s₂+s₆) + (s₃+s₇)); the leftover elements are then added to that total in order.
/// The <see cref="Vector256{T}"/> path (two 4-lane accumulators) and the scalar path perform exactly the same
/// additions and multiplications, without fused multiply–add, so whether AVX is present does not change a bit.
/// <c>TensorPrimitives</c> is not used: its reduction order follows the CPU's widest vector (4 or 8 doubles) and
/// would make models machine-dependent.
/// </summary>
internal static class Blas
{
    /// <summary>Number of partial sums a reduction keeps: two <see cref="Vector256{T}"/> of doubles.</summary>
    public const int Lanes = 8;

    /// <summary>Σ aᵢ·bᵢ over a's length (b must be at least as long), in the order described on the class.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        b = b[..a.Length];
        var full = a.Length - a.Length % Lanes;
        double sum;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var pa = ref MemoryMarshal.GetReference(a);
            ref var pb = ref MemoryMarshal.GetReference(b);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (nuint i = 0; i < (nuint)full; i += Lanes)
            {
                s0 += Vector256.LoadUnsafe(ref pa, i) * Vector256.LoadUnsafe(ref pb, i);
                s1 += Vector256.LoadUnsafe(ref pa, i + 4) * Vector256.LoadUnsafe(ref pb, i + 4);
            }
            sum = Combine(s0 + s1);
        }
        else
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (var i = 0; i < full; i += Lanes)
            {
                s0 += a[i] * b[i];
                s1 += a[i + 1] * b[i + 1];
                s2 += a[i + 2] * b[i + 2];
                s3 += a[i + 3] * b[i + 3];
                s4 += a[i + 4] * b[i + 4];
                s5 += a[i + 5] * b[i + 5];
                s6 += a[i + 6] * b[i + 6];
                s7 += a[i + 7] * b[i + 7];
            }
            sum = ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
        }
        for (var i = full; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>y ← y + α·x over x's length (y must be at least as long). Element-wise, so order-free.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        y = y[..x.Length];
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var px = ref MemoryMarshal.GetReference(x);
            ref var py = ref MemoryMarshal.GetReference(y);
            var a = Vector256.Create(alpha);
            var full = x.Length - x.Length % 4;
            for (; i < full; i += 4)
            {
                var offset = (nuint)i;
                (Vector256.LoadUnsafe(ref py, offset) + a * Vector256.LoadUnsafe(ref px, offset)).StoreUnsafe(ref py, offset);
            }
        }
        for (; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>
    /// y ← (((y + α₀·x₀) + α₁·x₁) + α₂·x₂) + α₃·x₃ over y's length: four <see cref="Axpy"/> calls, bit for bit, in one
    /// pass over y (the columns must be at least as long as y).
    /// </summary>
    public static void Axpy4(
        double alpha0, double alpha1, double alpha2, double alpha3,
        ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> x3, Span<double> y)
    {
        var n = y.Length;
        x0 = x0[..n];
        x1 = x1[..n];
        x2 = x2[..n];
        x3 = x3[..n];
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var p0 = ref MemoryMarshal.GetReference(x0);
            ref var p1 = ref MemoryMarshal.GetReference(x1);
            ref var p2 = ref MemoryMarshal.GetReference(x2);
            ref var p3 = ref MemoryMarshal.GetReference(x3);
            ref var py = ref MemoryMarshal.GetReference(y);
            var a0 = Vector256.Create(alpha0);
            var a1 = Vector256.Create(alpha1);
            var a2 = Vector256.Create(alpha2);
            var a3 = Vector256.Create(alpha3);
            var full = n - n % 4;
            for (; i < full; i += 4)
            {
                var offset = (nuint)i;
                var acc = Vector256.LoadUnsafe(ref py, offset);
                acc += a0 * Vector256.LoadUnsafe(ref p0, offset);
                acc += a1 * Vector256.LoadUnsafe(ref p1, offset);
                acc += a2 * Vector256.LoadUnsafe(ref p2, offset);
                acc += a3 * Vector256.LoadUnsafe(ref p3, offset);
                acc.StoreUnsafe(ref py, offset);
            }
        }
        for (; i < n; i++)
        {
            y[i] = (((y[i] + alpha0 * x0[i]) + alpha1 * x1[i]) + alpha2 * x2[i]) + alpha3 * x3[i];
        }
    }

    /// <summary>
    /// dotₖ = <see cref="Dot"/>(xₖ, r) for k = 0..3, bit for bit, in one pass over r (the columns must be at least as
    /// long as r); written to <paramref name="dots"/>[0..3].
    /// </summary>
    public static void Dot4(
        ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> x3,
        ReadOnlySpan<double> r, Span<double> dots)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            dots[3] = Dot(r, x3);
            dots[2] = Dot(r, x2);
            dots[1] = Dot(r, x1);
            dots[0] = Dot(r, x0);
            return;
        }
        var n = r.Length;
        x0 = x0[..n];
        x1 = x1[..n];
        x2 = x2[..n];
        x3 = x3[..n];
        ref var p0 = ref MemoryMarshal.GetReference(x0);
        ref var p1 = ref MemoryMarshal.GetReference(x1);
        ref var p2 = ref MemoryMarshal.GetReference(x2);
        ref var p3 = ref MemoryMarshal.GetReference(x3);
        ref var pr = ref MemoryMarshal.GetReference(r);
        Vector256<double> low0 = default, high0 = default, low1 = default, high1 = default;
        Vector256<double> low2 = default, high2 = default, low3 = default, high3 = default;
        var full = n - n % Lanes;
        for (nuint i = 0; i < (nuint)full; i += Lanes)
        {
            var rLow = Vector256.LoadUnsafe(ref pr, i);
            var rHigh = Vector256.LoadUnsafe(ref pr, i + 4);
            low0 += Vector256.LoadUnsafe(ref p0, i) * rLow;
            high0 += Vector256.LoadUnsafe(ref p0, i + 4) * rHigh;
            low1 += Vector256.LoadUnsafe(ref p1, i) * rLow;
            high1 += Vector256.LoadUnsafe(ref p1, i + 4) * rHigh;
            low2 += Vector256.LoadUnsafe(ref p2, i) * rLow;
            high2 += Vector256.LoadUnsafe(ref p2, i + 4) * rHigh;
            low3 += Vector256.LoadUnsafe(ref p3, i) * rLow;
            high3 += Vector256.LoadUnsafe(ref p3, i + 4) * rHigh;
        }
        double d0 = Combine(low0 + high0), d1 = Combine(low1 + high1), d2 = Combine(low2 + high2), d3 = Combine(low3 + high3);
        for (var i = full; i < n; i++)
        {
            d0 += x0[i] * r[i];
            d1 += x1[i] * r[i];
            d2 += x2[i] * r[i];
            d3 += x3[i] * r[i];
        }
        dots[3] = d3;
        dots[2] = d2;
        dots[1] = d1;
        dots[0] = d0;
    }

    /// <summary>Σ xᵢ, in the order described on the class.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        var full = x.Length - x.Length % Lanes;
        double sum;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var px = ref MemoryMarshal.GetReference(x);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (nuint i = 0; i < (nuint)full; i += Lanes)
            {
                s0 += Vector256.LoadUnsafe(ref px, i);
                s1 += Vector256.LoadUnsafe(ref px, i + 4);
            }
            sum = Combine(s0 + s1);
        }
        else
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (var i = 0; i < full; i += Lanes)
            {
                s0 += x[i];
                s1 += x[i + 1];
                s2 += x[i + 2];
                s3 += x[i + 3];
                s4 += x[i + 4];
                s5 += x[i + 5];
                s6 += x[i + 6];
                s7 += x[i + 7];
            }
            sum = ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
        }
        for (var i = full; i < x.Length; i++)
        {
            sum += x[i];
        }
        return sum;
    }

    /// <summary>max |xᵢ| (0 for an empty span); NaN if any element is NaN.</summary>
    public static double InfinityNorm(ReadOnlySpan<double> x)
    {
        var max = 0.0;
        foreach (var v in x)
        {
            var a = Math.Abs(v);
            if (a > max || double.IsNaN(a))
            {
                max = a;
            }
        }
        return max;
    }

    // (t₀ + t₁) + (t₂ + t₃) of the lane-wise sum t = s_low + s_high, the scalar path's final order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Combine(Vector256<double> t) =>
        (t.GetElement(0) + t.GetElement(1)) + (t.GetElement(2) + t.GetElement(3));
}
