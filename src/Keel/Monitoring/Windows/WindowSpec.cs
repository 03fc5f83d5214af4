using System.Globalization;
using Keel.Data.Quality;

namespace Keel.Monitoring.Windows;

/// <summary>
/// How monitoring cuts a stream of predictions into windows: by count (every N rows) or by time (every period), each
/// window spanning <see cref="Size"/> and a new one closing every <see cref="Step"/> (tumbling when they are equal,
/// sliding when the step is smaller: the window is the merge of the last Size/Step panes).
/// </summary>
/// <param name="ByTime">True for time windows, false for count windows.</param>
/// <param name="Size">Rows (count windows) or ticks (time windows) a window spans.</param>
/// <param name="Step">Rows or ticks between two windows; divides <paramref name="Size"/>.</param>
public sealed record WindowSpec(bool ByTime, long Size, long Step)
{
    /// <summary>
    /// Tumbling windows of 5 minutes: a drift verdict per window costs a comparison of every column's sketches and a
    /// stored row, which a busy server should pay every few minutes, not every few hundred milliseconds as count
    /// windows of 1,000 rows would at thousands of requests per second (bench/RESULTS.md).
    /// </summary>
    public static WindowSpec Default { get; } = new(true, TimeSpan.FromMinutes(5).Ticks, TimeSpan.FromMinutes(5).Ticks);

    /// <summary>Panes one window merges.</summary>
    public int Panes => (int)(Size / Step);

    /// <summary>
    /// Parses <c>SIZE[/STEP]</c> where each part is a row count (<c>1000</c>) or a duration with a unit (<c>30s</c>,
    /// <c>15m</c>, <c>1h</c>, <c>1d</c>); both parts of one kind; STEP divides SIZE and defaults to it (tumbling).
    /// </summary>
    /// <exception cref="FormatException">The text says what was expected.</exception>
    public static WindowSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length > 2)
        {
            throw new FormatException($"window '{text}': expected SIZE or SIZE/STEP, e.g. 1000, 1000/250, 1h or 1h/15m");
        }
        var (sizeByTime, size) = Part(parts[0], text);
        var (stepByTime, step) = parts.Length == 2 ? Part(parts[1], text) : (sizeByTime, size);
        if (sizeByTime != stepByTime)
        {
            throw new FormatException($"window '{text}': size and step must both be row counts or both durations");
        }
        if (step > size || size % step != 0)
        {
            throw new FormatException($"window '{text}': the step must divide the size");
        }
        if (size / step > 1000)
        {
            throw new FormatException($"window '{text}': at most 1000 steps per window");
        }
        return new WindowSpec(sizeByTime, size, step);
    }

    /// <inheritdoc/>
    public override string ToString() => Size == Step ? Show(Size) : $"{Show(Size)}/{Show(Step)}";

    private string Show(long value) => ByTime ? TimeSpan.FromTicks(value).ToString("c", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    private static (bool ByTime, long Value) Part(string part, string text)
    {
        if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows > 0)
        {
            return (false, rows);
        }
        if (DurationText.TryParse(part, out var duration) && duration > TimeSpan.Zero)
        {
            return (true, duration.Ticks);
        }
        throw new FormatException($"window '{text}': '{part}' is neither a positive row count nor a duration like 30s, 15m, 1h or 1d");
    }
}
