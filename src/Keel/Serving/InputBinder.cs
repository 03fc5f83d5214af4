using System.Globalization;
using System.Text;
using Keel.Data;
using Keel.Data.Reading;
using Keel.Learning;
using Keel.Learning.Transforms;

namespace Keel.Serving;

/// <summary>
/// Checks a request's rows against a model's input schema and builds the frame the model scores. Every column the
/// model needs (<see cref="Features"/>) must be present; its other columns are read when sent; columns the model
/// does not know are ignored. Values are converted by the column's type — numbers (JSON numbers or numeric strings),
/// categories and text (strings; numbers and booleans are taken as their text), booleans (JSON booleans, 0/1,
/// true/false/yes/no), timestamps (ISO 8601, or the format the model was trained with). A missing value is passed
/// on as missing, and a category the model never saw is passed on too: the model treats both as missing, exactly as
/// <c>keel predict</c> does. Every other mismatch is reported with its row and column. Immutable and thread-safe.
/// </summary>
public sealed class InputBinder
{
    private readonly ColumnSchema[] _columns;
    private readonly ColumnSchema[] _required;
    private readonly Schema _all;
    private readonly Stack<PooledRow> _rows = new();

    /// <summary>Creates the binder of <paramref name="model"/>.</summary>
    public InputBinder(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _columns = model.InputSchema.Columns.Where(c => c.Name != model.Label.Column).ToArray();
        _required = RequiredColumns(model, _columns);
        _all = new Schema(_columns);
        Layout = new InputLayout(_columns.Select(c => c.Name));
        ColumnsAsText = new SchemaFile(_columns.Select(c => new SchemaFile.Entry(c.Name, ColumnType.Text, null, null, null, null)).ToArray());
    }

    /// <summary>
    /// Pins every one of <see cref="Columns"/> as text, to read a CSV body whose values this binder then converts
    /// exactly as it converts JSON strings (one set of rules and messages for every format).
    /// </summary>
    public SchemaFile ColumnsAsText { get; }

    /// <summary>
    /// The columns the model cannot do without: those whose absence makes its transforms fail or leaves a feature
    /// unencoded, found by checking the transforms' output schema without each (no data needed). A text column the
    /// encoder skipped and nothing derives from is therefore not asked for.
    /// </summary>
    private static ColumnSchema[] RequiredColumns(Model model, ColumnSchema[] columns)
    {
        if (!Scores(model, columns, skip: -1))
        {
            // Not expected for a model that was trained on this schema; ask for every feature-role column then.
            return columns.Where(c => c.Role == ColumnRole.Feature).ToArray();
        }
        var required = new List<ColumnSchema>();
        for (var i = 0; i < columns.Length; i++)
        {
            if (!Scores(model, columns, skip: i))
            {
                required.Add(columns[i]);
            }
        }
        return [.. required];
    }

    private static bool Scores(Model model, ColumnSchema[] columns, int skip)
    {
        try
        {
            var output = model.Transforms.OutputSchema(new Schema(columns.Where((_, i) => i != skip)));
            return model.Features.Features.All(f => output.IndexOf(f.Name) >= 0);
        }
        catch (Exception ex) when (ex is TransformException or ArgumentException or KeyNotFoundException or Data.Expressions.ExpressionException)
        {
            return false;
        }
    }

    /// <summary>The columns a request must send, in schema order (also the column order of a 2-D tensor).</summary>
    public IReadOnlyList<ColumnSchema> Features => _required;

    /// <summary>Every column a request may send: the model's input columns but the label; those not required are passed on when sent.</summary>
    public IReadOnlyList<ColumnSchema> Columns => _columns;

    /// <summary><see cref="Columns"/> as a schema: the one a frame from <see cref="Bind"/> has when the request sent every column.</summary>
    public Schema Schema => _all;

    /// <summary><see cref="Columns"/> as a layout for the <see cref="InputTable"/>s readers build for this model.</summary>
    public InputLayout Layout { get; }

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Columns"/>.</summary>
    public bool Knows(string name)
    {
        foreach (var column in _columns)
        {
            if (column.Name == name)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Builds the frame for <paramref name="input"/>. A one-row frame may come from a pool of this binder's: hand it
    /// back with <see cref="Release"/> once nothing reads it any more, or let it go (it is then simply collected).
    /// </summary>
    /// <exception cref="InputValidationException">Columns are missing or values have the wrong type; the message names each.</exception>
    public Frame Bind(InputTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new InputProblems();
        // One-row requests reuse the numeric columns of a frame released before (the commonest request: a column object
        // and an array per numeric column saved); their other columns are built anew.
        var row = input.Rows == 1 ? RentRow() : null;
        var columns = row?.Columns ?? new Column[_columns.Length];
        var sent = 0;
        for (var j = 0; j < _columns.Length; j++)
        {
            var column = _columns[j];
            if (!input.TryFind(column.Name, out var found))
            {
                if (Array.IndexOf(_required, column) >= 0)
                {
                    problems.Add(column, static c => $"missing column '{c.Name}' ({TypeName(c.Type)})");
                }
                columns[j] = null!;
                continue;
            }
            var cells = found.AsSpan();
            sent++;
            columns[j] = column.Type switch
            {
                ColumnType.Numeric => Numbers(column, cells, input, problems, columns[j] as NumericColumn),
                ColumnType.Categorical => Categories(column, cells, input, problems),
                ColumnType.Text => Texts(column, cells, input, problems),
                ColumnType.Boolean => Booleans(column, cells, input, problems),
                ColumnType.Timestamp => Timestamps(column, cells, input, problems),
                _ => throw new InvalidOperationException($"column type {column.Type} is not handled"),
            };
        }
        problems.ThrowIfAny();
        if (sent == _columns.Length)
        {
            // Requests usually send every column: then the frame shares one schema instead of building its index each time.
            return new Frame(_all, row ?? (IReadOnlyList<Column>)columns, input.Rows, input.Lines);
        }
        // Some optional columns were left out (a pooled row is then not reused: its columns go to this frame).
        var present = Enumerable.Range(0, _columns.Length).Where(j => columns[j] is not null).ToArray();
        return new Frame(new Schema(present.Select(j => _columns[j])), [.. present.Select(j => columns[j])], input.Rows, input.Lines);
    }

    /// <summary>
    /// Hands back a frame from <see cref="Bind"/> that nothing reads any more (its predictions made, its record written),
    /// for a later one-row request to refill; other frames are ignored. Never release a frame twice.
    /// </summary>
    public void Release(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Columns is PooledRow row && row.Owner == this)
        {
            // The pool holds at most as many rows as requests were ever bound at once.
            lock (_rows)
            {
                _rows.Push(row);
            }
        }
    }

    private PooledRow RentRow()
    {
        lock (_rows)
        {
            if (_rows.TryPop(out var row))
            {
                return row;
            }
        }
        return new PooledRow(this, _columns.Length);
    }

    /// <summary>The columns of a pooled one-row frame: slot j holds column j of <see cref="Columns"/> once bound.</summary>
    private sealed class PooledRow(InputBinder owner, int count) : IReadOnlyList<Column>
    {
        public InputBinder Owner { get; } = owner;

        public Column[] Columns { get; } = new Column[count];

        public int Count => Columns.Length;

        public Column this[int index] => Columns[index];

        public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)Columns).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Columns.GetEnumerator();
    }

    /// <summary>The schema type's name in messages: numeric, categorical, text, boolean, timestamp.</summary>
    public static string TypeName(ColumnType type) => type.ToString().ToLowerInvariant();

    private static NumericColumn Numbers(ColumnSchema column, ReadOnlySpan<Cell> cells, InputTable input, InputProblems problems, NumericColumn? reuse)
    {
        var values = reuse is not null && reuse.Length == cells.Length ? reuse.Values : new double[cells.Length];
        for (var r = 0; r < cells.Length; r++)
        {
            var cell = cells[r];
            switch (cell.Kind)
            {
                case CellKind.Missing:
                    values[r] = double.NaN;
                    break;
                case CellKind.Number when double.IsFinite(cell.Number):
                    values[r] = cell.Number;
                    break;
                case CellKind.String when NumberText.TryParseFinite(cell.Text!, out var parsed):
                    values[r] = parsed;
                    break;
                default:
                    Wrong(column, cells, r, input, problems, "a number");
                    break;
            }
        }
        return ReferenceEquals(values, reuse?.Values) ? reuse : new NumericColumn(column.Name, values);
    }

    private static CategoricalColumn Categories(ColumnSchema column, ReadOnlySpan<Cell> cells, InputTable input, InputProblems problems)
    {
        var codes = new int[cells.Length];
        var categories = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < cells.Length; r++)
        {
            var text = AsText(cells[r]);
            if (text is null)
            {
                codes[r] = -1;
                if (cells[r].Kind == CellKind.Nested)
                {
                    Wrong(column, cells, r, input, problems, "a category (a string)");
                }
                continue;
            }
            if (!index.TryGetValue(text, out var code))
            {
                code = categories.Count;
                index.Add(text, code);
                categories.Add(text);
            }
            codes[r] = code;
        }
        return new CategoricalColumn(column.Name, codes, categories);
    }

    private static TextColumn Texts(ColumnSchema column, ReadOnlySpan<Cell> cells, InputTable input, InputProblems problems)
    {
        var values = new string?[cells.Length];
        for (var r = 0; r < cells.Length; r++)
        {
            values[r] = AsText(cells[r]);
            if (cells[r].Kind == CellKind.Nested)
            {
                Wrong(column, cells, r, input, problems, "a string");
            }
        }
        return new TextColumn(column.Name, values);
    }

    private static BooleanColumn Booleans(ColumnSchema column, ReadOnlySpan<Cell> cells, InputTable input, InputProblems problems)
    {
        var values = new sbyte[cells.Length];
        Span<byte> utf8 = stackalloc byte[16];
        for (var r = 0; r < cells.Length; r++)
        {
            var cell = cells[r];
            sbyte value = cell.Kind switch
            {
                CellKind.Missing => -1,
                CellKind.Boolean => (sbyte)cell.Number,
                CellKind.Number when cell.Number is 0 or 1 => (sbyte)cell.Number,
                CellKind.String when cell.Text!.Length <= 8 => Utf8Boolean.Parse(utf8[..Encoding.UTF8.GetBytes(cell.Text, utf8)], strict: false),
                _ => -2,
            };
            if (value == -2 || (value == -1 && cell.Kind != CellKind.Missing))
            {
                Wrong(column, cells, r, input, problems, "a boolean (true or false)");
                value = -1;
            }
            values[r] = value;
        }
        return new BooleanColumn(column.Name, values);
    }

    private static TimestampColumn Timestamps(ColumnSchema column, ReadOnlySpan<Cell> cells, InputTable input, InputProblems problems)
    {
        var ticks = new long[cells.Length];
        Span<byte> utf8 = stackalloc byte[256];
        for (var r = 0; r < cells.Length; r++)
        {
            var cell = cells[r];
            ticks[r] = TimestampColumn.Missing;
            if (cell.Kind == CellKind.Missing)
            {
                continue;
            }
            if (cell.Kind != CellKind.String || cell.Text!.Length > 64
                || !Utf8Timestamp.TryParse(utf8[..Encoding.UTF8.GetBytes(cell.Text, utf8)], column.Format, out ticks[r]))
            {
                ticks[r] = TimestampColumn.Missing;
                Wrong(column, cells, r, input, problems, column.Format is null ? "a timestamp (ISO 8601)" : $"a timestamp ({column.Format})");
            }
        }
        return new TimestampColumn(column.Name, ticks);
    }

    private static string? AsText(Cell cell) => cell.Kind switch
    {
        CellKind.String => cell.Text,
        CellKind.Number => cell.Number.ToString("R", CultureInfo.InvariantCulture),
        CellKind.Boolean => cell.Number == 1 ? "true" : "false",
        _ => null,
    };

    private static void Wrong(ColumnSchema column, ReadOnlySpan<Cell> cells, int row, InputTable input, InputProblems problems, string expected) =>
        problems.Add((column.Name, Cell: cells[row], Row: row, Input: input, Expected: expected),
            static s => $"{s.Input.Describe(s.Row)}, column '{s.Name}': expected {s.Expected}, got {Describe(s.Cell)}");

    private static string Describe(Cell cell) => cell.Kind switch
    {
        CellKind.Number => "the number " + cell.Number.ToString("R", CultureInfo.InvariantCulture),
        CellKind.String => "the string \"" + (cell.Text!.Length > 40 ? cell.Text[..40] + "…" : cell.Text) + "\"",
        CellKind.Boolean => cell.Number == 1 ? "true" : "false",
        CellKind.Nested => "an object or array",
        _ => "nothing",
    };
}
