namespace Keel.Monitoring.Alerts;

/// <summary>Mutes the alerts whose labels include every <see cref="Matchers"/> pair from <see cref="Starts"/> (inclusive) to <see cref="Ends"/> (exclusive).</summary>
public sealed record Silence(IReadOnlyDictionary<string, string> Matchers, DateTimeOffset Starts, DateTimeOffset Ends, string? Comment)
{
    /// <summary>Whether this silence mutes an alert with <paramref name="labels"/> at <paramref name="now"/>.</summary>
    public bool Mutes(IReadOnlyDictionary<string, string> labels, DateTimeOffset now)
    {
        if (now < Starts || now >= Ends)
        {
            return false;
        }
        foreach (var (key, value) in Matchers)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
