using System.Globalization;
using System.Text;

namespace Keel.Data.Quality;

/// <summary>Durations written as number+unit parts: <c>30s</c>, <c>15m</c>, <c>24h</c>, <c>7d</c>, <c>1d12h</c>, <c>1.5h</c>.</summary>
public static class DurationText
{
    /// <summary>Parses <paramref name="text"/>; false when it is not one or more number+unit parts.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }
            if (digits == 0 || digits == span.Length
                || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            var unit = span[digits] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero)
            {
                return false;
            }
            duration += unit * amount;
            span = span[(digits + 1)..];
        }
        return true;
    }

    /// <summary>A duration as "2d 3h 4m 5s", dropping zero parts; under a second is "0s".</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Format(duration.Negate());
        }
        var text = new StringBuilder();
        Append(text, duration.Days, "d");
        Append(text, duration.Hours, "h");
        Append(text, duration.Minutes, "m");
        Append(text, duration.Seconds, "s");
        return text.Length == 0 ? "0s" : text.ToString();
    }

    private static void Append(StringBuilder text, int amount, string unit)
    {
        if (amount != 0)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
