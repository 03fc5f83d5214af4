using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Server.Inference;

namespace Keel.Server.Tests;

/// <summary>
/// <see cref="ShortDecimal"/> against the runtime's own shortest round-trip text (<see cref="Utf8JsonWriter"/>, the
/// oracle): the same bytes for every value it takes, and it takes the short decimals requests carry.
/// </summary>
public sealed class ShortDecimalTests
{
    [Theory]
    [InlineData(17.99, "17.99")]
    [InlineData(0.07871, "0.07871")]
    [InlineData(1001.0, "1001")]
    [InlineData(-122.8, "-122.8")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00045, "0.00045")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(562949953421311.0, "562949953421311")]
    public void TryFormat_ShortDecimal_IsTheRuntimesText(double value, string expected)
    {
        Assert.True(TryFormat(value, out var text));
        Assert.Equal(expected, text);
        Assert.Equal(Runtime(value), text);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-5)]
    [InlineData(1e-5)] // the runtime writes 1E-05
    [InlineData(0.00009999999999999999)]
    [InlineData(0.30000000000000004)] // 17 significant digits
    [InlineData(0.00010101583306310058)]
    [InlineData(1e15)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    public void TryFormat_OutsideItsRange_LeavesTheValueToTheRuntime(double value) =>
        Assert.False(TryFormat(value, out _));

    [Fact]
    public void TryFormat_ManyValues_SameBytesAsTheRuntimeWheneverItTakesOne()
    {
        // Decimals of 1 to 16 digits at scales 1e-20 to 1e17 (parsed from their text, as a request's numbers are), and
        // doubles of every magnitude and of random bits.
        var random = new Random(11);
        var taken = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var digits = random.Next(1, 17);
            var mantissa = (long)(random.NextDouble() * Math.Pow(10, digits));
            var exponent = random.Next(-20, 18) - digits;
            var value = double.Parse($"{mantissa}e{exponent}", CultureInfo.InvariantCulture);
            taken += Check(value) + Check(-value);
            taken += Check(random.NextDouble() * Math.Pow(10, random.Next(-8, 17)));
            taken += Check(BitConverter.Int64BitsToDouble(random.NextInt64() & long.MaxValue));
        }
        Assert.True(taken > 50_000, $"only {taken} values took the fast path");

        static int Check(double value)
        {
            if (!TryFormat(value, out var text))
            {
                return 0;
            }
            Assert.Equal(Runtime(value), text);
            Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
            return 1;
        }
    }

    [Fact]
    public void WriteNumber_InAnObject_WritesValidJsonWithTheRuntimesNumbers()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("a");
            PredictionJson.WriteNumber(w, 17.99);
            w.WritePropertyName("b");
            PredictionJson.WriteNumber(w, 0.30000000000000004);
            w.WritePropertyName("c");
            PredictionJson.WriteNumber(w, double.NaN);
            w.WritePropertyName("d");
            w.WriteStartArray();
            PredictionJson.WriteNumber(w, -1.5);
            PredictionJson.WriteNumber(w, 2);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        Assert.Equal("""{"a":17.99,"b":0.30000000000000004,"c":null,"d":[-1.5,2]}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static bool TryFormat(double value, out string text)
    {
        Span<byte> bytes = stackalloc byte[ShortDecimal.MaxLength];
        var taken = ShortDecimal.TryFormat(value, bytes, out var length);
        text = Encoding.ASCII.GetString(bytes[..length]);
        return taken;
    }

    private static string Runtime(double value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteNumberValue(value);
        }
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }
}
