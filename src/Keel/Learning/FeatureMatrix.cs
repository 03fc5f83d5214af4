namespace Keel.Learning;

/// <summary>
/// The numbers a learner sees: dense, column-major (one <c>double[]</c> per feature, NaN = missing), because
/// learners scan one feature at a time (histogram binning, coordinate-wise gradients) and a
/// <see cref="Data.NumericColumn"/> can be used without copying. Immutable; the arrays are owned by the matrix
/// and must not be changed after construction. Thread-safe for reading.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly double[][] _columns;
    private readonly FeatureKind[] _kinds;
    private readonly int[] _categoryCounts;

    /// <summary>Creates a matrix of numeric features.</summary>
    public FeatureMatrix(IReadOnlyList<string> names, IReadOnlyList<double[]> columns)
        : this(names, columns, null, null)
    {
    }

    /// <summary>Creates a matrix; for a categorical feature <paramref name="categoryCounts"/> gives k (codes 0..k-1).</summary>
    /// <exception cref="ArgumentException">Names and columns differ in number, columns differ in length, or a category count is missing.</exception>
    public FeatureMatrix(IReadOnlyList<string> names, IReadOnlyList<double[]> columns, IReadOnlyList<FeatureKind>? kinds, IReadOnlyList<int>? categoryCounts)
    {
        if (names.Count != columns.Count)
        {
            throw new ArgumentException($"{names.Count} names for {columns.Count} columns", nameof(names));
        }
        Rows = columns.Count == 0 ? 0 : columns[0].Length;
        for (var j = 0; j < columns.Count; j++)
        {
            if (columns[j].Length != Rows)
            {
                throw new ArgumentException($"feature '{names[j]}' has {columns[j].Length} rows, expected {Rows}", nameof(columns));
            }
        }
        Names = names.ToArray();
        _columns = columns.ToArray();
        _kinds = kinds?.ToArray() ?? new FeatureKind[columns.Count];
        _categoryCounts = categoryCounts?.ToArray() ?? new int[columns.Count];
        if (_kinds.Length != _columns.Length || _categoryCounts.Length != _columns.Length)
        {
            throw new ArgumentException("kinds and category counts must have one entry per column", nameof(kinds));
        }
        for (var j = 0; j < _kinds.Length; j++)
        {
            if (_kinds[j] == FeatureKind.Categorical && _categoryCounts[j] <= 0)
            {
                throw new ArgumentException($"categorical feature '{names[j]}' needs a category count", nameof(categoryCounts));
            }
        }
    }

    // Takes the arrays as they are: the caller never changes them (see Shared).
    private FeatureMatrix(string[] names, double[][] columns, FeatureKind[] kinds, int[] categoryCounts)
    {
        Rows = columns.Length == 0 ? 0 : columns[0].Length;
        foreach (var column in columns)
        {
            if (column.Length != Rows)
            {
                throw new ArgumentException($"columns differ in length ({column.Length} and {Rows} rows)", nameof(columns));
            }
        }
        Names = names;
        _columns = columns;
        _kinds = kinds;
        _categoryCounts = categoryCounts;
    }

    /// <summary>
    /// A matrix over arrays that are shared, not copied: an encoder hands the same names, kinds and category counts
    /// (already checked) to every matrix it makes, which matters when it encodes one-row frames per request.
    /// </summary>
    internal static FeatureMatrix Shared(string[] names, double[][] columns, FeatureKind[] kinds, int[] categoryCounts) =>
        new(names, columns, kinds, categoryCounts);

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of features.</summary>
    public int Columns => _columns.Length;

    /// <summary>Feature names, in column order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The values of feature <paramref name="column"/> (NaN = missing).</summary>
    public ReadOnlySpan<double> Column(int column) => _columns[column];

    /// <summary>The array behind <see cref="Column"/>, for learners that keep references to columns; callers must not write to it.</summary>
    internal double[] ColumnArray(int column) => _columns[column];

    /// <summary>How feature <paramref name="column"/> is to be treated.</summary>
    public FeatureKind Kind(int column) => _kinds[column];

    /// <summary>For a categorical feature, k (its codes are 0..k-1); 0 for numeric features.</summary>
    public int CategoryCount(int column) => _categoryCounts[column];

    /// <summary>A new matrix holding the given rows, in the given order (for splits and bootstrap samples).</summary>
    public FeatureMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var columns = new double[_columns.Length][];
        for (var j = 0; j < columns.Length; j++)
        {
            var source = _columns[j];
            var target = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                target[i] = source[rows[i]];
            }
            columns[j] = target;
        }
        return new FeatureMatrix(Names, columns, _kinds, _categoryCounts);
    }
}
