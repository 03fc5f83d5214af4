namespace Keel.Data.Reading;

/// <summary>
/// Brings a frame that holds some of a schema's columns onto the whole schema, so it can be concatenated with frames
/// of that schema (<see cref="FrameConcat"/>): e.g. logged traffic, which carries a model's inputs and a label, added
/// to a training source that has more columns.
/// </summary>
internal static class FrameAlignment
{
    /// <summary>
    /// <paramref name="frame"/> with <paramref name="schema"/>'s columns in its order: a column the frame has is kept
    /// (the same object, no copy), one it lacks becomes an all-missing column of the schema's type. Line numbers are kept.
    /// </summary>
    /// <exception cref="ArgumentException">The frame has a column the schema lacks, or one of another type (the message names it).</exception>
    public static Frame To(Frame frame, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var column in frame.Schema.Columns)
        {
            var index = schema.IndexOf(column.Name);
            if (index < 0)
            {
                throw new ArgumentException($"column '{column.Name}' is not in the source ({string.Join(", ", schema.Columns.Select(c => c.Name))})", nameof(frame));
            }
            if (schema[index].Type != column.Type)
            {
                throw new ArgumentException($"column '{column.Name}' is {Name(column.Type)} here but {Name(schema[index].Type)} in the source", nameof(frame));
            }
        }
        var columns = new Column[schema.Count];
        for (var c = 0; c < schema.Count; c++)
        {
            var own = frame.Schema.IndexOf(schema[c].Name);
            columns[c] = own >= 0 ? frame.Columns[own] : Missing(schema[c], frame.RowCount);
        }
        return new Frame(schema, columns, frame.RowCount, frame.LineNumbers);
    }

    private static Column Missing(ColumnSchema column, int rows)
    {
        var builder = ColumnBuilder.Create(column, rows);
        for (var r = 0; r < rows; r++)
        {
            builder.AppendMissing();
        }
        return builder.Build(0);
    }

    private static string Name(ColumnType type) => type.ToString().ToLowerInvariant();
}
