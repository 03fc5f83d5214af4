namespace Keel.Server.Inference;

/// <summary>
/// A fast path for the numbers requests carry, most of them short decimals (17.99, 0.07871, 1001): the text .NET's
/// shortest round-trip format gives them (as <see cref="System.Text.Json.Utf8JsonWriter.WriteNumberValue(double)"/>
/// writes them), found without its general digit generation (Grisu/Dragon4). For |v| in [1e-4, 2^49), the fewest
/// decimals k with m = round(|v|·10^k) and m / 10^k == |v| (both exact doubles, so the division is the correctly
/// rounded value of the decimal m·10^-k, the value a parser reads back) give the shortest text in fixed notation,
/// which is the notation .NET uses at these magnitudes. Below 2^49 the decimals 10^-k apart are several ulps apart, so
/// at most one m can round-trip and the rounding of the product cannot pick the wrong one. Other values (longer
/// decimals such as most probabilities, tiny or huge ones) are left to the runtime: <see cref="TryFormat"/> says false.
/// </summary>
internal static class ShortDecimal
{
    /// <summary>The longest text <see cref="TryFormat"/> writes ("-0.000" and 17 digits, with room to spare).</summary>
    public const int MaxLength = 32;

    private const double Limit = 562_949_953_421_312.0; // 2^49

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17];

    /// <summary>
    /// Writes <paramref name="value"/>'s shortest round-trip text (ASCII) to <paramref name="destination"/>
    /// (<see cref="MaxLength"/> bytes) when it is a short decimal in range; false otherwise, with nothing written.
    /// </summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4) || magnitude >= Limit)
        {
            return false;
        }
        for (var k = 0; k < PowersOfTen.Length; k++)
        {
            var scaled = magnitude * PowersOfTen[k];
            if (scaled >= Limit)
            {
                return false;
            }
            var m = Math.Round(scaled);
            if (m / PowersOfTen[k] == magnitude)
            {
                written = Write(value < 0, (long)m, k, destination);
                return true;
            }
        }
        return false;
    }

    // m with k decimals; m has no trailing zero when k > 0 (k is the fewest), so none is written.
    private static int Write(bool negative, long m, int k, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        do
        {
            digits[count++] = (byte)('0' + (int)(m % 10));
            m /= 10;
        }
        while (m != 0);
        var at = 0;
        if (negative)
        {
            destination[at++] = (byte)'-';
        }
        if (count <= k)
        {
            // All decimals: "0." and the zeroes before the digits.
            destination[at++] = (byte)'0';
            destination[at++] = (byte)'.';
            destination.Slice(at, k - count).Fill((byte)'0');
            at += k - count;
        }
        // The point follows the digit with k digits after it, when there is one with digits before it.
        var point = k < count ? k : 0;
        for (var i = count - 1; i >= 0; i--)
        {
            destination[at++] = digits[i];
            if (i == point && point > 0)
            {
                destination[at++] = (byte)'.';
            }
        }
        return at;
    }
}
