namespace Keel.Data;

/// <summary>
/// Gathers the rows of frames with one schema into growing column buffers and hands them over as one frame
/// (<see cref="Take"/>). Appending copies the values, so an appended frame can be dropped at once; the buffers are
/// kept for the next rows. Categorical codes are remapped onto one dictionary in order of first appearance, since
/// each frame may carry its own. Not thread-safe.
/// </summary>
public sealed class FrameAppender
{
    private readonly ColumnBuffer[] _columns;
    private long[] _lines;

    /// <summary>An appender of frames with <paramref name="schema"/>, with room for <paramref name="capacity"/> rows before it grows.</summary>
    public FrameAppender(Schema schema, int capacity = 256)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Schema = schema;
        _columns = [.. schema.Columns.Select(c => ColumnBuffer.Create(c, capacity))];
        _lines = new long[capacity];
    }

    /// <summary>The schema every appended frame has.</summary>
    public Schema Schema { get; }

    /// <summary>Rows appended since the last <see cref="Take"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Whether <paramref name="schema"/> is this appender's: the same columns, names and types, in order.</summary>
    public bool Fits(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (ReferenceEquals(schema, Schema))
        {
            return true;
        }
        if (schema.Count != Schema.Count)
        {
            return false;
        }
        for (var j = 0; j < schema.Count; j++)
        {
            if (schema[j].Name != Schema[j].Name || schema[j].Type != Schema[j].Type)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Copies the rows of <paramref name="frame"/> (and their source lines) after those appended so far.</summary>
    /// <param name="frame">Rows with this appender's schema (<see cref="Fits"/>).</param>
    /// <param name="absentAsMissing">
    /// Also take a frame with only some of the columns (matched by name and type, in any order): the others get
    /// missing values for its rows.
    /// </param>
    /// <exception cref="ArgumentException">The frame's schema is not this appender's (or, with <paramref name="absentAsMissing"/>, has a column it lacks or of another type).</exception>
    public void Append(Frame frame, bool absentAsMissing = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var fits = Fits(frame.Schema);
        if (!fits && (!absentAsMissing || !Covers(frame.Schema)))
        {
            throw new ArgumentException(
                $"a frame with columns ({string.Join(", ", frame.Schema.Columns.Select(c => c.Name))}) does not fit the schema ({string.Join(", ", Schema.Columns.Select(c => c.Name))})",
                nameof(frame));
        }
        var rows = frame.RowCount;
        var total = checked(Rows + rows);
        Grow(ref _lines, total);
        for (var r = 0; r < rows; r++)
        {
            _lines[Rows + r] = frame.LineOf(r);
        }
        for (var j = 0; j < _columns.Length; j++)
        {
            var source = fits ? j : frame.Schema.IndexOf(Schema[j].Name);
            if (source >= 0)
            {
                _columns[j].Append(frame.Columns[source], Rows, total);
            }
            else
            {
                _columns[j].AppendMissing(Rows, total);
            }
        }
        Rows = total;
    }

    // Whether every column of schema is one of the appender's, with its type.
    private bool Covers(Schema schema)
    {
        foreach (var column in schema.Columns)
        {
            var j = Schema.IndexOf(column.Name);
            if (j < 0 || Schema[j].Type != column.Type)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The rows appended since the last call, as one frame whose arrays are its own (a buffer that is exactly full is
    /// handed over, any other is copied); the appender starts again empty.
    /// </summary>
    public Frame Take()
    {
        var rows = Rows;
        var columns = new Column[_columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = _columns[j].Take(rows);
        }
        var lines = Exact(ref _lines, rows);
        Rows = 0;
        return new Frame(Schema, columns, rows, lines);
    }

    /// <summary>The first <paramref name="count"/> items: the buffer itself when it holds exactly that many (the next append allocates anew), else a copy.</summary>
    private static T[] Exact<T>(ref T[] buffer, int count)
    {
        if (count == buffer.Length)
        {
            var full = buffer;
            buffer = [];
            return full;
        }
        return buffer[..count];
    }

    private static void Grow<T>(ref T[] buffer, int needed)
    {
        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(Math.Max(needed, 16), buffer.Length * 2));
        }
    }

    private abstract class ColumnBuffer(string name)
    {
        protected string Name { get; } = name;

        public static ColumnBuffer Create(ColumnSchema column, int capacity) => column.Type switch
        {
            ColumnType.Numeric => new Values<NumericColumn, double>(column.Name, capacity, double.NaN, static c => c.Values, static (n, v) => new NumericColumn(n, v)),
            ColumnType.Text => new Values<TextColumn, string?>(column.Name, capacity, null, static c => c.Values, static (n, v) => new TextColumn(n, v)),
            ColumnType.Timestamp => new Values<TimestampColumn, long>(column.Name, capacity, TimestampColumn.Missing, static c => c.Ticks, static (n, v) => new TimestampColumn(n, v)),
            ColumnType.Boolean => new Values<BooleanColumn, sbyte>(column.Name, capacity, -1, static c => c.Values, static (n, v) => new BooleanColumn(n, v)),
            ColumnType.Categorical => new Categories(column.Name, capacity),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type"),
        };

        /// <summary>Copies <paramref name="column"/>'s values to rows [<paramref name="at"/>, <paramref name="total"/>).</summary>
        public abstract void Append(Column column, int at, int total);

        /// <summary>Fills rows [<paramref name="at"/>, <paramref name="total"/>) with missing values.</summary>
        public abstract void AppendMissing(int at, int total);

        public abstract Column Take(int rows);
    }

    private sealed class Values<TColumn, T>(string name, int capacity, T missing, Func<TColumn, T[]> values, Func<string, T[], Column> make) : ColumnBuffer(name)
        where TColumn : Column
    {
        private T[] _buffer = new T[capacity];

        public override void Append(Column column, int at, int total)
        {
            Grow(ref _buffer, total);
            var source = values((TColumn)column);
            Array.Copy(source, 0, _buffer, at, total - at);
        }

        public override void AppendMissing(int at, int total)
        {
            Grow(ref _buffer, total);
            _buffer.AsSpan(at, total - at).Fill(missing);
        }

        public override Column Take(int rows) => make(Name, Exact(ref _buffer, rows));
    }

    private sealed class Categories(string name, int capacity) : ColumnBuffer(name)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private List<string> _categories = [];
        private int[] _codes = new int[capacity];
        private int[] _map = new int[16];

        public override void Append(Column column, int at, int total)
        {
            Grow(ref _codes, total);
            var source = (CategoricalColumn)column;
            var categories = source.Categories;
            if (_map.Length < categories.Count)
            {
                _map = new int[Math.Max(categories.Count, _map.Length * 2)];
            }
            for (var k = 0; k < categories.Count; k++)
            {
                if (!_index.TryGetValue(categories[k], out var code))
                {
                    code = _categories.Count;
                    _categories.Add(categories[k]);
                    _index.Add(categories[k], code);
                }
                _map[k] = code;
            }
            var codes = source.Codes;
            for (var r = 0; r < codes.Length; r++)
            {
                _codes[at + r] = codes[r] < 0 ? -1 : _map[codes[r]];
            }
        }

        public override void AppendMissing(int at, int total)
        {
            Grow(ref _codes, total);
            _codes.AsSpan(at, total - at).Fill(-1);
        }

        public override Column Take(int rows)
        {
            var column = new CategoricalColumn(Name, Exact(ref _codes, rows), _categories);
            // The taken column keeps its dictionary; the next rows start a new one.
            _categories = [];
            _index.Clear();
            return column;
        }
    }
}
