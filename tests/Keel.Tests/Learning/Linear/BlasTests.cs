using Keel.Learning.Linear;

namespace Keel.Tests.Learning.Linear;

/// <summary>
/// Blas promises one summation order on every machine: element i into partial sum i mod 8, the eight combined as
/// ((s₀+s₄) + (s₁+s₅)) + ((s₂+s₆) + (s₃+s₇)), then the leftover elements in order. These tests spell that order out
/// in scalar code and require the (vectorised, where the CPU allows) kernels to match it bit for bit.
/// </summary>
public sealed class BlasTests
{
    private static double[] Values(int length, int seed)
    {
        var random = new Random(seed);
        // Mixed magnitudes, so that a different order of additions would round differently.
        return Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7))).ToArray();
    }

    private static double ReferenceDot(double[] a, double[] b)
    {
        var s = new double[8];
        var full = a.Length - a.Length % 8;
        for (var i = 0; i < full; i++)
        {
            s[i % 8] += a[i] * b[i];
        }
        var sum = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
        for (var i = full; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static TheoryData<int> Lengths => new() { 0, 1, 7, 8, 9, 15, 16, 17, 31, 64, 1003 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_AnyLength_FollowsDocumentedOrderExactly(int length)
    {
        var a = Values(length, 1);
        var b = Values(length, 2);
        Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceDot(a, b)), BitConverter.DoubleToInt64Bits(Blas.Dot(a, b)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sum_AnyLength_FollowsDocumentedOrderExactly(int length)
    {
        var a = Values(length, 3);
        var ones = Enumerable.Repeat(1.0, length).ToArray();
        Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceDot(a, ones)), BitConverter.DoubleToInt64Bits(Blas.Sum(a)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot4_AnyLength_EqualsFourDotsExactly(int length)
    {
        var columns = Enumerable.Range(0, 4).Select(k => Values(length, 10 + k)).ToArray();
        var r = Values(length, 20);
        var dots = new double[4];
        Blas.Dot4(columns[0], columns[1], columns[2], columns[3], r, dots);
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceDot(columns[k], r)), BitConverter.DoubleToInt64Bits(dots[k]));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Axpy4_AnyLength_EqualsFourAxpysExactly(int length)
    {
        var columns = Enumerable.Range(0, 4).Select(k => Values(length, 30 + k)).ToArray();
        double[] alphas = [0.3, -1.7e3, 2.5e-4, 11];
        var fused = Values(length, 40);
        var sequential = (double[])fused.Clone();
        Blas.Axpy4(alphas[0], alphas[1], alphas[2], alphas[3], columns[0], columns[1], columns[2], columns[3], fused);
        for (var k = 0; k < 4; k++)
        {
            for (var i = 0; i < length; i++)
            {
                sequential[i] += alphas[k] * columns[k][i];
            }
        }
        Assert.Equal(sequential.Select(BitConverter.DoubleToInt64Bits), fused.Select(BitConverter.DoubleToInt64Bits));
    }
}
