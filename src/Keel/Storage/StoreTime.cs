using System.Globalization;

namespace Keel.Storage;

/// <summary>Times as stored: fixed-width ISO-8601 UTC text with 100 ns precision, so text order is time order.</summary>
internal static class StoreTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Bytes of a formatted time (the pattern is fixed-width ASCII).</summary>
    public const int Utf8Length = 28;

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Writes the UTC time of <paramref name="utcTicks"/> as <see cref="Format"/> does, into <see cref="Utf8Length"/> bytes.</summary>
    public static void FormatUtf8(long utcTicks, Span<byte> destination)
    {
        // "O" of a UTC time is the same text as Pattern, through the formatter's fast path (the ingester formats every record).
        if (!new DateTime(utcTicks, DateTimeKind.Utc).TryFormat(destination, out var written, "O", CultureInfo.InvariantCulture) || written != Utf8Length)
        {
            throw new ArgumentException($"a stored time takes {Utf8Length} bytes", nameof(destination));
        }
    }

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
