using System.Runtime.CompilerServices;

namespace Keel.Learning.Trees;

/// <summary>
/// One regression tree as flat arrays (node i's fields are at index i in each array). A child index ≥ 0 is an internal
/// node; a negative child c is leaf ~c. A tree with no internal nodes is the single leaf 0. Immutable; thread-safe.
/// </summary>
internal sealed class GbdtTree
{
    public GbdtTree(
        int[] feature, double[] threshold, byte[] thresholdBin, bool[] defaultLeft, bool[] isCategorical,
        ulong[] categoryWords, int[] left, int[] right, double[] gain, double[] leafValue)
    {
        Feature = feature;
        Threshold = threshold;
        ThresholdBin = thresholdBin;
        DefaultLeft = defaultLeft;
        IsCategorical = isCategorical;
        CategoryWords = categoryWords;
        Left = left;
        Right = right;
        Gain = gain;
        LeafValue = leafValue;
    }

    public int NodeCount => Feature.Length;

    public int[] Feature { get; }

    /// <summary>Numeric split: x &lt;= Threshold goes left (+∞ when the split separates only the missing values).</summary>
    public double[] Threshold { get; }

    /// <summary>Numeric split in bin space: value bins 1..ThresholdBin go left.</summary>
    public byte[] ThresholdBin { get; }

    public bool[] DefaultLeft { get; }

    public bool[] IsCategorical { get; }

    /// <summary>Four words per node: bit c set = category c goes left. Zero for numeric nodes.</summary>
    public ulong[] CategoryWords { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    /// <summary>The split's gain (XGBoost eq. 7), for importance.</summary>
    public double[] Gain { get; }

    /// <summary>Leaf outputs, learning rate included.</summary>
    public double[] LeafValue { get; }

    /// <summary>
    /// The leaf that raw feature values <paramref name="columns"/>[j][row] reach. NaN, and a categorical value that is
    /// not a code 0..<paramref name="categoryCounts"/>[j]−1, take the default direction, as bin 0 does in training.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Leaf(double[][] columns, int[] categoryCounts, int row)
    {
        var node = NodeCount == 0 ? -1 : 0;
        while (node >= 0)
        {
            node = GoesLeft(node, columns[Feature[node]][row], categoryCounts) ? Left[node] : Right[node];
        }
        return ~node;
    }

    /// <summary>
    /// The direction scoring takes at <paramref name="node"/> for raw value <paramref name="value"/>: NaN, and a
    /// categorical value that is not a code 0..k−1, take the default direction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GoesLeft(int node, double value, int[] categoryCounts) =>
        IsCategorical[node]
            ? CategoricalGoesLeft(value, categoryCounts[Feature[node]], CategoryWords.AsSpan(node * 4, 4), DefaultLeft[node])
            : NumericGoesLeft(value, Threshold[node], DefaultLeft[node]);

    /// <summary>
    /// The numeric routing rule: NaN takes the default direction, otherwise x &lt;= threshold goes left. Written as
    /// two comparisons that are both false for NaN, joined without short-circuit, so that compiled scoring runs it
    /// without a branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NumericGoesLeft(double value, double threshold, bool defaultLeft) =>
        !(value > threshold) & ((value <= threshold) | defaultLeft);

    /// <summary>
    /// The categorical routing rule: a code 0..<paramref name="categoryCount"/>−1 goes left when its bit is set in
    /// <paramref name="words"/> (four words, bit c = code c); NaN, negative, too large or non-integral values take the
    /// default direction, as bin 0 does in training.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CategoricalGoesLeft(double value, int categoryCount, ReadOnlySpan<ulong> words, bool defaultLeft) =>
        value >= 0 && value < categoryCount && value == Math.Floor(value)
            ? ((words[(int)value >> 6] >> ((int)value & 63)) & 1) != 0
            : defaultLeft;

    /// <summary>The leaf that binned row <paramref name="row"/> reaches (same routing as <see cref="Leaf(double[][], int[], int)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Leaf(byte[][] columns, int row)
    {
        var node = NodeCount == 0 ? -1 : 0;
        while (node >= 0)
        {
            var bin = columns[Feature[node]][row];
            bool left;
            if (bin == 0)
            {
                left = DefaultLeft[node];
            }
            else if (IsCategorical[node])
            {
                left = Contains(node, bin - 1);
            }
            else
            {
                left = bin <= ThresholdBin[node];
            }
            node = left ? Left[node] : Right[node];
        }
        return ~node;
    }

    private bool Contains(int node, int code) => ((CategoryWords[(node * 4) + (code >> 6)] >> (code & 63)) & 1) != 0;
}
