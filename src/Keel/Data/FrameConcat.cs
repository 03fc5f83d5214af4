namespace Keel.Data;

/// <summary>
/// Joins chunks with one schema into a single in-memory <see cref="Frame"/> (for training, which needs every row).
/// Categorical codes are remapped onto one dictionary in order of first appearance, since each chunk may carry
/// its own. Memory: one array per column of the total row count.
/// </summary>
public static class FrameConcat
{
    /// <summary>Concatenates <paramref name="chunks"/> (all with <paramref name="schema"/>) in order.</summary>
    /// <exception cref="ArgumentException">A chunk's schema differs.</exception>
    public static Frame Concat(Schema schema, IEnumerable<Frame> chunks)
    {
        var list = chunks.ToList();
        // Sized for every row, so each column is copied once and its buffer handed over as it is.
        var appender = new FrameAppender(schema, list.Sum(c => c.RowCount));
        foreach (var chunk in list)
        {
            appender.Append(chunk);
        }
        return appender.Take();
    }
}
