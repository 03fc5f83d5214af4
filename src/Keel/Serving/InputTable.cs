using System.Buffers;

namespace Keel.Serving;

/// <summary>
/// The rows of a scoring request, column by column, as sent: named columns of <see cref="Cell"/>s, all with
/// <see cref="Rows"/> entries. Protocol readers (JSON shapes, CSV, tensors) build one; <see cref="InputBinder"/>
/// checks it against a model's schema and turns it into a frame. Not thread-safe while being built.
/// </summary>
/// <remarks>
/// A table made with the binder's <see cref="InputLayout"/> keeps the model's columns in one block of cells and finds
/// them through the layout's shared index, so a one-row request costs a few objects rather than one array per column
/// and a dictionary; columns the model does not know get arrays and an index of their own. That block is rented
/// from a shared pool: <see cref="Dispose"/> gives it back once the table has been bound (a table that is never
/// disposed simply leaves it to the collector).
/// </remarks>
public sealed class InputTable : IDisposable
{
    private readonly InputLayout _layout;
    private string[] _names;  // the first _nameCount are the added columns' names, in order (rented from the pool)
    private int _nameCount;
    private Cell[]? _known;   // the layout's columns, column-major: slot s holds rows [s * Rows, (s + 1) * Rows)
    private bool[]? _sent;    // per slot, whether that column was added
    private Dictionary<string, Cell[]>? _others;
    private bool _disposed;

    // Blocks of up to this many cells (a few dozen rows of a few dozen columns) come from the shared pool; a bulk
    // request's block is allocated and left to the collector, so the pool never keeps a large one alive.
    private const int MaxPooledCells = 1024;

    /// <summary>Creates an empty table of <paramref name="rows"/> rows.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="lines">For CSV bodies, the line each row starts on (error messages cite it); otherwise null.</param>
    /// <param name="layout">The columns the reader expects (the model's, from its binder), or null.</param>
    public InputTable(int rows, long[]? lines = null, InputLayout? layout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Rows = rows;
        Lines = lines;
        _layout = layout ?? InputLayout.Empty;
        _names = _layout.Count == 0 ? [] : ArrayPool<string>.Shared.Rent(_layout.Count);
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>The line of the body each row starts on (CSV), or null.</summary>
    public long[]? Lines { get; }

    /// <summary>The column names, in the order they were added.</summary>
    public ArraySegment<string> Names => new(_names, 0, _nameCount);

    /// <summary>The cells of the column named <paramref name="name"/> (added with missing cells if new).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="added">True when the column did not exist before this call.</param>
    public ArraySegment<Cell> Column(string name, out bool added)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_layout.TryGetSlot(name, out var slot))
        {
            _known ??= RentCells(checked(_layout.Count * Rows));
            _sent ??= new bool[_layout.Count];
            added = !_sent[slot];
            if (added)
            {
                _sent[slot] = true;
                AddName(name);
            }
            return new ArraySegment<Cell>(_known, slot * Rows, Rows);
        }
        _others ??= new Dictionary<string, Cell[]>(StringComparer.Ordinal);
        added = !_others.TryGetValue(name, out var cells);
        if (added)
        {
            cells = new Cell[Rows];
            _others.Add(name, cells);
            AddName(name);
        }
        return cells!;
    }

    /// <summary>The cells of the column named <paramref name="name"/>; false when the request has no such column.</summary>
    public bool TryFind(string name, out ArraySegment<Cell> cells)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_layout.TryGetSlot(name, out var slot))
        {
            var sent = _sent is not null && _sent[slot];
            cells = sent ? new ArraySegment<Cell>(_known!, slot * Rows, Rows) : default;
            return sent;
        }
        var found = _others is not null && _others.TryGetValue(name, out var other) ? other : null;
        cells = found ?? default(ArraySegment<Cell>);
        return found is not null;
    }

    private void AddName(string name)
    {
        if (_nameCount == _names.Length)
        {
            var grown = ArrayPool<string>.Shared.Rent(Math.Max(4, _names.Length * 2));
            _names.AsSpan(0, _nameCount).CopyTo(grown);
            ReturnNames();
            _names = grown;
        }
        _names[_nameCount++] = name;
    }

    private void ReturnNames()
    {
        if (_names.Length > 0)
        {
            ArrayPool<string>.Shared.Return(_names, clearArray: true);
        }
    }

    /// <summary>Gives the pooled blocks of cells and names back; the table is not used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_known is { } known && _layout.Count * Rows <= MaxPooledCells)
        {
            ArrayPool<Cell>.Shared.Return(known, clearArray: true); // no request's strings kept alive by the pool
        }
        _known = null;
        ReturnNames();
        (_names, _nameCount) = ([], 0);
    }

    // A pooled array may be longer than asked and hold an earlier table's values: the part used starts cleared.
    private static Cell[] RentCells(int length)
    {
        if (length > MaxPooledCells)
        {
            return new Cell[length];
        }
        var array = ArrayPool<Cell>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>How messages name row <paramref name="row"/> (0-based): "row 1" for the first, or the CSV line.</summary>
    public string Describe(int row) => Lines is null ? $"row {row + 1}" : $"line {Lines[row]}";
}

/// <summary>
/// The columns a model takes, with an index from name to position built once and shared by every
/// <see cref="InputTable"/> made for that model. Immutable and thread-safe.
/// </summary>
public sealed class InputLayout
{
    private readonly Dictionary<string, int> _slots;

    /// <summary>A layout of <paramref name="names"/>, in order (distinct).</summary>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    public InputLayout(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _slots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!_slots.TryAdd(name, _slots.Count))
            {
                throw new ArgumentException($"column '{name}' appears twice in an input layout", nameof(names));
            }
        }
    }

    /// <summary>The layout with no columns.</summary>
    public static InputLayout Empty { get; } = new([]);

    /// <summary>Number of columns.</summary>
    public int Count => _slots.Count;

    /// <summary>The position of the column named <paramref name="name"/>, or false when the layout has none.</summary>
    public bool TryGetSlot(string name, out int slot) => _slots.TryGetValue(name, out slot);
}
