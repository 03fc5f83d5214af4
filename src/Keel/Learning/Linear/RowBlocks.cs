namespace Keel.Learning.Linear;

/// <summary>
/// The fixed row blocks over which the logistic losses evaluate, and the two column-major kernels they share.
/// A block's scores are built four columns per pass over an L1-sized slice of z, and its gradient contribution is
/// taken while the block's column slices are still in cache, so X is read from memory about once per evaluation.
/// The layout depends only on the row count, never on the thread count, which keeps evaluations bit-identical
/// however the blocks are scheduled.
/// </summary>
internal static class RowBlocks
{
    /// <summary>
    /// Rows per block. z's slice (16 KB) stays in L1 while columns are added into it; the block's column slices
    /// (1.2 MB for the 76 columns of the clf_200k benchmark) are mostly still in L2/L3 for the gradient pass.
    /// Measured there: 512 rows cost 20% more per evaluation, 2048–4096 the same. Changing it changes the
    /// summation order, hence the last bits of fitted models.
    /// </summary>
    public const int Rows = 2048;

    // Below this many multiply–adds per evaluation (about 0.1 ms of work) waking other threads costs more than it saves.
    private const long ParallelWork = 1 << 17;

    /// <summary>Number of blocks for <paramref name="rows"/> rows.</summary>
    public static int Count(int rows) => (rows + Rows - 1) / Rows;

    /// <summary>
    /// Runs <paramref name="body"/> once per block, on up to <paramref name="maxDegreeOfParallelism"/> threads
    /// (−1: all cores) when <paramref name="work"/> (multiply–adds per evaluation) makes that worthwhile. Bodies
    /// must write only their own block's outputs.
    /// </summary>
    public static void Run(int blocks, long work, int maxDegreeOfParallelism, Action<int> body)
    {
        if (blocks > 1 && maxDegreeOfParallelism != 1 && work >= ParallelWork && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
            return;
        }
        for (var block = 0; block < blocks; block++)
        {
            body(block);
        }
    }

    /// <summary>
    /// Sums the blocks' partial results in block order: each block's <paramref name="stride"/> values hold the gradient
    /// sums (the first |<paramref name="sums"/>|) and, last, the loss. <paramref name="sums"/> is overwritten; the
    /// summed loss is returned. The fixed order keeps the result independent of how the blocks were scheduled.
    /// </summary>
    public static double SumPartials(ReadOnlySpan<double> partials, int blocks, int stride, Span<double> sums)
    {
        sums.Clear();
        var loss = 0.0;
        for (var block = 0; block < blocks; block++)
        {
            var partial = partials.Slice(block * stride, stride);
            for (var j = 0; j < sums.Length; j++)
            {
                sums[j] += partial[j];
            }
            loss += partial[^1];
        }
        return loss;
    }

    /// <summary>z ← z + X[start .. start + |z|, :]·w, column by column in order (four per pass).</summary>
    public static void AddScores(double[][] columns, ReadOnlySpan<double> weights, int start, Span<double> z)
    {
        var length = z.Length;
        var j = 0;
        for (; j + 4 <= columns.Length; j += 4)
        {
            Blas.Axpy4(
                weights[j], weights[j + 1], weights[j + 2], weights[j + 3],
                columns[j].AsSpan(start, length), columns[j + 1].AsSpan(start, length),
                columns[j + 2].AsSpan(start, length), columns[j + 3].AsSpan(start, length), z);
        }
        for (; j < columns.Length; j++)
        {
            Blas.Axpy(weights[j], columns[j].AsSpan(start, length), z);
        }
    }

    /// <summary>gⱼ ← X[start .. start + |r|, j]ᵀ·r for every column j (four per pass).</summary>
    public static void ColumnDots(double[][] columns, int start, ReadOnlySpan<double> r, Span<double> gradient)
    {
        var length = r.Length;
        var j = 0;
        for (; j + 4 <= columns.Length; j += 4)
        {
            Blas.Dot4(
                columns[j].AsSpan(start, length), columns[j + 1].AsSpan(start, length),
                columns[j + 2].AsSpan(start, length), columns[j + 3].AsSpan(start, length), r, gradient[j..]);
        }
        for (; j < columns.Length; j++)
        {
            gradient[j] = Blas.Dot(columns[j].AsSpan(start, length), r);
        }
    }

    /// <summary>The matrix's columns as arrays, shared, not copied.</summary>
    public static double[][] Columns(FeatureMatrix x)
    {
        var columns = new double[x.Columns][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = x.ColumnArray(j);
        }
        return columns;
    }
}
