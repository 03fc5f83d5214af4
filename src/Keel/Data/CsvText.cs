namespace Keel.Data;

/// <summary>CSV fields as Keel writes them (RFC 4180): quoted only when they hold a comma, a quote or a line break.</summary>
public static class CsvText
{
    /// <summary><paramref name="value"/> as one CSV field, quotes doubled inside quotes.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
