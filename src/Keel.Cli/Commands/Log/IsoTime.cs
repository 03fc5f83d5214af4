using System.Globalization;

namespace Keel.Cli.Commands;

/// <summary>Times given on the command line: ISO-8601 dates or date-times, UTC unless they carry an offset.</summary>
internal static class IsoTime
{
    /// <summary>What an error message shows as the expected format.</summary>
    public const string Expected = "an ISO-8601 date or time, e.g. 2026-01-31, 2026-01-31T14:00:00Z or 2026-01-31T15:00:00+01:00";

    private static readonly string[] Formats = BuildFormats();

    /// <summary>Parses the value of <paramref name="option"/>; a value in another format is a user error naming the option.</summary>
    public static DateTimeOffset Parse(string option, string text)
    {
        if (DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new UserException($"{option} must be {Expected}; got '{text}'");
    }

    private static string[] BuildFormats()
    {
        // A space may stand for the 'T' (RFC 3339 allows it), so times as `keel runs list` prints them can be pasted.
        string[] times =
        [
            "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
            "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        ];
        string[] zones = ["", "'Z'", "zzz"];
        var formats = new List<string>();
        foreach (var t in times)
        {
            foreach (var z in zones)
            {
                // A bare date has no zone: midnight UTC.
                if (t.Length > 10 || z.Length == 0)
                {
                    formats.Add(t + z);
                }
            }
        }
        return [.. formats];
    }
}
