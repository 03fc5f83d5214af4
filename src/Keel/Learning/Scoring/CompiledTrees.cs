using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Keel.Learning.Trees;

namespace Keel.Learning.Scoring;

/// <summary>
/// A tree ensemble compiled for scoring: every tree's nodes in one flat array of 16-byte nodes whose two children sit
/// side by side (right = left + 1), so a step is one load of the node, one of the feature value and a branch-free
/// compare. One kernel, <see cref="ScoreBlock"/>, scores row-major blocks of rows (<see cref="Score"/> cuts a
/// column-major matrix into blocks); <see cref="ScoreRow"/> walks one row through four trees at a time. Every row's outputs are its baseline plus
/// its trees' leaf values added in tree order (tree t feeds output t mod <see cref="OutputCount"/>), so the result does
/// not depend on the block size or the thread count. Routing follows <see cref="GbdtTree.NumericGoesLeft"/> and
/// <see cref="GbdtTree.CategoricalGoesLeft"/>. Immutable; thread-safe.
/// </summary>
internal sealed class CompiledTrees
{
    // Rows walked through a tree together (the kernel's four lanes): their loads are independent, so their latencies
    // overlap.
    private const int Lanes = 4;

    // Rows per block: the block's row-major copy (128 rows × 44 features × 8 bytes ≈ 45 KB) stays in L1/L2 while
    // every tree visits it.
    private const int RowsPerBlock = 128;

    private readonly Node[] _nodes;
    private readonly double[] _leafValues;
    private readonly int[] _roots;
    private readonly int[] _categoryOffsets;
    private readonly ulong[] _categoryWords;
    private readonly int[] _categoryCounts;
    private readonly double[] _baseline;

    private CompiledTrees(
        Node[] nodes, double[] leafValues, int[] roots, int[] categoryOffsets, ulong[] categoryWords,
        int[] categoryCounts, double[] baseline)
    {
        _nodes = nodes;
        _leafValues = leafValues;
        _roots = roots;
        _categoryOffsets = categoryOffsets;
        _categoryWords = categoryWords;
        _categoryCounts = categoryCounts;
        _baseline = baseline;
    }

    /// <summary>Features per row, in the model's column order.</summary>
    public int FeatureCount => _categoryCounts.Length;

    /// <summary>Raw scores per row.</summary>
    public int OutputCount => _baseline.Length;

    /// <summary>
    /// Compiles <paramref name="trees"/> (tree t feeds output t mod baseline length) for features whose category
    /// counts are <paramref name="categoryCounts"/> (0 = numeric). O(total nodes); copies what it keeps.
    /// </summary>
    public static CompiledTrees Compile(IReadOnlyList<GbdtTree> trees, ReadOnlySpan<double> baseline, ReadOnlySpan<int> categoryCounts)
    {
        if (categoryCounts.Length > Node.FeatureMask)
        {
            throw new ArgumentException($"at most {Node.FeatureMask} features can be compiled", nameof(categoryCounts));
        }
        var slots = 0;
        var categorical = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            // n internal nodes have n + 1 leaves; every node but the root is one of a pair of children.
            slots += (2 * trees[t].NodeCount) + 1;
            foreach (var isCategorical in trees[t].IsCategorical)
            {
                categorical += isCategorical ? 1 : 0;
            }
        }
        var nodes = new Node[slots];
        var leafValues = new double[slots];
        var categoryOffsets = new int[slots];
        var categoryWords = new ulong[categorical * 4];
        var roots = new int[trees.Count];
        var next = 0;
        var nextWord = 0;
        var queue = new Queue<(int Source, int Slot)>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            roots[t] = next++;
            // Source ≥ 0 is an internal node of the tree, a negative source c is leaf ~c.
            queue.Enqueue((tree.NodeCount == 0 ? -1 : 0, roots[t]));
            while (queue.Count > 0)
            {
                var (source, slot) = queue.Dequeue();
                if (source < 0)
                {
                    nodes[slot] = Node.Leaf(slot);
                    leafValues[slot] = tree.LeafValue[~source];
                    continue;
                }
                var left = next;
                next += 2;
                nodes[slot] = new Node(tree.Feature[source], tree.Threshold[source], tree.DefaultLeft[source], tree.IsCategorical[source], left);
                if (tree.IsCategorical[source])
                {
                    categoryOffsets[slot] = nextWord;
                    tree.CategoryWords.AsSpan(source * 4, 4).CopyTo(categoryWords.AsSpan(nextWord));
                    nextWord += 4;
                }
                queue.Enqueue((tree.Left[source], left));
                queue.Enqueue((tree.Right[source], left + 1));
            }
        }
        return new CompiledTrees(nodes, leafValues, roots, categoryOffsets, categoryWords, categoryCounts.ToArray(), baseline.ToArray());
    }

    /// <summary>
    /// Raw scores of one row (<paramref name="features"/> in model column order, NaN = missing) into
    /// <paramref name="output"/> (<see cref="OutputCount"/> values). Allocates nothing; the same sums as <see cref="Score"/>, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number of features, or <paramref name="output"/> too short.</exception>
    public void ScoreRow(ReadOnlySpan<double> features, Span<double> output)
    {
        if (features.Length != FeatureCount)
        {
            ThrowFeatureCount(features.Length);
        }
        if (output.Length < OutputCount)
        {
            ThrowOutputLength(output.Length, OutputCount);
        }
        ScoreOneRow(features, output);
    }

    /// <summary>
    /// Raw scores of the first <paramref name="rows"/> rows of <paramref name="columns"/> (column-major, one array
    /// per feature in model order) into <paramref name="output"/>, row-major: output[row·<see cref="OutputCount"/> + k].
    /// O(rows · trees · depth); more than one block is scored in parallel.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number of columns, a column or <paramref name="output"/> too short.</exception>
    public void Score(IReadOnlyList<double[]> columns, int rows, Span<double> output)
    {
        if (columns.Count != FeatureCount)
        {
            ThrowFeatureCount(columns.Count);
        }
        for (var j = 0; j < columns.Count; j++)
        {
            if (columns[j].Length < rows)
            {
                throw new ArgumentException($"column {j} holds {columns[j].Length} rows, {rows} needed", nameof(columns));
            }
        }
        if (output.Length < rows * OutputCount)
        {
            ThrowOutputLength(output.Length, rows * OutputCount);
        }
        var blocks = (rows + RowsPerBlock - 1) / RowsPerBlock;
        if (blocks <= 1 || Environment.ProcessorCount == 1)
        {
            var block = ArrayPool<double>.Shared.Rent(Math.Min(rows, RowsPerBlock) * FeatureCount);
            for (var b = 0; b < blocks; b++)
            {
                ScoreColumnBlock(columns, b, rows, block, output);
            }
            ArrayPool<double>.Shared.Return(block);
            return;
        }
        var k = OutputCount;
        var buffer = ArrayPool<double>.Shared.Rent(rows * k);
        Parallel.For(
            0,
            blocks,
            () => ArrayPool<double>.Shared.Rent(RowsPerBlock * FeatureCount),
            (b, _, block) =>
            {
                ScoreColumnBlock(columns, b, rows, block, buffer);
                return block;
            },
            block => ArrayPool<double>.Shared.Return(block));
        buffer.AsSpan(0, rows * k).CopyTo(output);
        ArrayPool<double>.Shared.Return(buffer);
    }

    /// <summary>Copies block <paramref name="b"/>'s rows into <paramref name="block"/> row-major, then scores them.</summary>
    private void ScoreColumnBlock(IReadOnlyList<double[]> columns, int b, int rows, double[] block, Span<double> output)
    {
        var start = b * RowsPerBlock;
        var count = Math.Min(rows - start, RowsPerBlock);
        var features = FeatureCount;
        for (var j = 0; j < features; j++)
        {
            var column = columns[j].AsSpan(start, count);
            for (var i = 0; i < column.Length; i++)
            {
                block[(i * features) + j] = column[i];
            }
        }
        ScoreBlock(block.AsSpan(0, count * features), count, output.Slice(start * OutputCount, count * OutputCount));
    }

    /// <summary>
    /// The kernel: raw scores of <paramref name="count"/> ≥ 1 rows stored row-major in <paramref name="rows"/>
    /// (<see cref="FeatureCount"/> values each). Tree by tree, four rows walk down together until all four stand on
    /// leaves (a leaf steps to itself, so a row that arrives early waits without a branch); the last group repeats
    /// its last row in the lanes it does not need.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScoreBlock(ReadOnlySpan<double> rows, int count, Span<double> output)
    {
        var features = FeatureCount;
        var k = OutputCount;
        for (var i = 0; i < count; i++)
        {
            _baseline.CopyTo(output.Slice(i * k, k));
        }
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var x = ref MemoryMarshal.GetReference(rows);
        var last = count - 1;
        for (var t = 0; t < _roots.Length; t++)
        {
            var root = _roots[t];
            var c = t % k;
            for (var i = 0; i < count; i += Lanes)
            {
                var o0 = i * features;
                var o1 = Math.Min(i + 1, last) * features;
                var o2 = Math.Min(i + 2, last) * features;
                var o3 = Math.Min(i + 3, last) * features;
                var (n0, n1, n2, n3) = WalkToLeaves(ref nodes, ref x, (root, root, root, root), o0, o1, o2, o3);
                output[(i * k) + c] += _leafValues[n0];
                if (i + 1 < count)
                {
                    output[((i + 1) * k) + c] += _leafValues[n1];
                }
                if (i + 2 < count)
                {
                    output[((i + 2) * k) + c] += _leafValues[n2];
                }
                if (i + 3 < count)
                {
                    output[((i + 3) * k) + c] += _leafValues[n3];
                }
            }
        }
    }

    /// <summary>
    /// The one-row kernel: four trees walk the row together until all four stand on leaves (the block kernel's lanes,
    /// over trees instead of rows, so no lane repeats another's work), then their leaf values are added in tree order,
    /// as <see cref="ScoreBlock"/> adds them: the sums are the same bit for bit. The last group repeats its last tree
    /// in the lanes it does not need.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScoreOneRow(ReadOnlySpan<double> row, Span<double> output)
    {
        var k = OutputCount;
        _baseline.CopyTo(output);
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var x = ref MemoryMarshal.GetReference(row);
        var trees = _roots.Length;
        var last = trees - 1;
        for (var t = 0; t < trees; t += Lanes)
        {
            var (n0, n1, n2, n3) = WalkToLeaves(
                ref nodes, ref x, (_roots[t], _roots[Math.Min(t + 1, last)], _roots[Math.Min(t + 2, last)], _roots[Math.Min(t + 3, last)]), 0, 0, 0, 0);
            output[t % k] += _leafValues[n0];
            if (t + 1 < trees)
            {
                output[(t + 1) % k] += _leafValues[n1];
            }
            if (t + 2 < trees)
            {
                output[(t + 2) % k] += _leafValues[n2];
            }
            if (t + 3 < trees)
            {
                output[(t + 3) % k] += _leafValues[n3];
            }
        }
    }

    /// <summary>
    /// Walks four lanes down from the slots <paramref name="start"/> until all four stand on leaves (a leaf steps to
    /// itself, so a lane that arrives early waits without a branch); lane j reads its row at offset oj of
    /// <paramref name="x"/>. Their loads are independent, so their latencies overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (int, int, int, int) WalkToLeaves(ref Node nodes, ref double x, (int, int, int, int) start, int o0, int o1, int o2, int o3)
    {
        var (n0, n1, n2, n3) = start;
        while (true)
        {
            ref readonly var a0 = ref Unsafe.Add(ref nodes, n0);
            ref readonly var a1 = ref Unsafe.Add(ref nodes, n1);
            ref readonly var a2 = ref Unsafe.Add(ref nodes, n2);
            ref readonly var a3 = ref Unsafe.Add(ref nodes, n3);
            if ((a0.Packed & a1.Packed & a2.Packed & a3.Packed & Node.LeafFlag) != 0)
            {
                return (n0, n1, n2, n3);
            }
            n0 = Step(in a0, n0, ref x, o0);
            n1 = Step(in a1, n1, ref x, o1);
            n2 = Step(in a2, n2, ref x, o2);
            n3 = Step(in a3, n3, ref x, o3);
        }
    }

    /// <summary>
    /// The slot one step below <paramref name="node"/> (at <paramref name="index"/>) for the row at
    /// <paramref name="offset"/>. Numeric nodes compile to compares and flag arithmetic, no branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(in Node node, int index, ref double x, int offset)
    {
        var packed = node.Packed;
        var feature = packed & Node.FeatureMask;
        var value = Unsafe.Add(ref x, offset + feature);
        var defaultLeft = (packed & Node.DefaultRightFlag) == 0;
        var left = (packed & Node.CategoricalFlag) == 0
            ? GbdtTree.NumericGoesLeft(value, node.Threshold, defaultLeft)
            : GbdtTree.CategoricalGoesLeft(value, _categoryCounts[feature], _categoryWords.AsSpan(_categoryOffsets[index], 4), defaultLeft);
        return node.Left + (left ? 0 : 1);
    }

    private void ThrowFeatureCount(int actual) =>
        throw new ArgumentException($"the model takes {FeatureCount} features, the input has {actual}");

    private static void ThrowOutputLength(int actual, int needed) =>
        throw new ArgumentException($"output holds {actual} values, {needed} needed");

    /// <summary>
    /// One slot: an internal node (feature, threshold, flags, left child; the right child is the next slot) or a leaf,
    /// which is flagged and sends every value to itself (feature 0, threshold +∞, default left), so that rows that
    /// reach leaves early can keep stepping with the rest of their group.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Node
    {
        public const int FeatureMask = 0x1FFF_FFFF;
        public const int LeafFlag = 0x2000_0000;
        public const int CategoricalFlag = 0x4000_0000;
        public const int DefaultRightFlag = int.MinValue;

        public Node(int feature, double threshold, bool defaultLeft, bool categorical, int left)
            : this((feature & FeatureMask) | (categorical ? CategoricalFlag : 0) | (defaultLeft ? 0 : DefaultRightFlag), threshold, left)
        {
        }

        private Node(int packed, double threshold, int left)
        {
            Threshold = threshold;
            Packed = packed;
            Left = left;
        }

        public double Threshold { get; }

        /// <summary>Feature index in the low 29 bits, then the leaf flag, the categorical flag and (sign bit) default right.</summary>
        public int Packed { get; }

        public int Left { get; }

        public static Node Leaf(int slot) => new(LeafFlag, double.PositiveInfinity, slot);
    }
}
