namespace Keel.Serving;

/// <summary>
/// The rows of a scoring request, column by column, as sent: named columns of <see cref="Cell"/>s, all with
/// <see cref="Rows"/> entries. Protocol readers (JSON shapes, CSV, tensors) build one; <see cref="InputBinder"/>
/// checks it against a model's schema and turns it into a frame. Not thread-safe while being built.
/// </summary>
public sealed class InputTable
{
    private readonly List<string> _names;
    private readonly List<Cell[]> _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates an empty table of <paramref name="rows"/> rows.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="lines">For CSV bodies, the line each row starts on (error messages cite it); otherwise null.</param>
    /// <param name="columns">How many columns to make room for (the model's, usually), so adding them does not regrow the table.</param>
    public InputTable(int rows, long[]? lines = null, int columns = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Lines = lines;
        _names = new List<string>(columns);
        _columns = new List<Cell[]>(columns);
        _index = new Dictionary<string, int>(columns, StringComparer.Ordinal);
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>The line of the body each row starts on (CSV), or null.</summary>
    public long[]? Lines { get; }

    /// <summary>The column names, in the order they were added.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The cells of the column named <paramref name="name"/> (added with missing cells if new).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="added">True when the column did not exist before this call.</param>
    public Cell[] Column(string name, out bool added)
    {
        if (_index.TryGetValue(name, out var i))
        {
            added = false;
            return _columns[i];
        }
        var cells = new Cell[Rows];
        _index.Add(name, _columns.Count);
        _names.Add(name);
        _columns.Add(cells);
        added = true;
        return cells;
    }

    /// <summary>The cells of the column named <paramref name="name"/>, or null when the request has no such column.</summary>
    public Cell[]? Find(string name) => _index.TryGetValue(name, out var i) ? _columns[i] : null;

    /// <summary>How messages name row <paramref name="row"/> (0-based): "row 1" for the first, or the CSV line.</summary>
    public string Describe(int row) => Lines is null ? $"row {row + 1}" : $"line {Lines[row]}";
}
