using Keel.Learning;
using Keel.Learning.Scoring;
using Keel.Learning.Trees;

namespace Keel.Tests.Learning.Scoring;

/// <summary>
/// The compiled scorer against the per-tree walk it replaces (<see cref="GbdtTree.Leaf(double[][], int[], int)"/>,
/// summed in tree order onto the baseline), bit for bit, on random trees and data that hit every routing case.
/// </summary>
public sealed class CompiledTreesTests
{
    private const int Features = 6;

    // Features 4 and 5 are categorical with 5 and 70 categories (70 > 64: codes in the second bitset word).
    private static readonly int[] CategoryCounts = [0, 0, 0, 0, 5, 70];

    // Numeric values drawn from a small grid so that many equal a threshold exactly.
    private static readonly double[] Grid = [-2, -1, -0.5, 0, 0.5, 1, 2, double.NegativeInfinity, double.PositiveInfinity];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(1, 3)]
    public void Score_RandomTreesAndData_EqualsPerTreeWalkBitForBit(int outputs, int seed)
    {
        var random = new Random(seed);
        var trees = RandomTrees(random, 40 * outputs);
        var baseline = Enumerable.Range(0, outputs).Select(_ => random.NextDouble() - 0.5).ToArray();
        var columns = RandomColumns(random, 1000);
        var scorer = CompiledTrees.Compile(trees, baseline, CategoryCounts);

        var actual = new double[1000 * outputs];
        scorer.Score(columns, 1000, actual);

        AssertBitEqual(TreeWalk(trees, baseline, columns, 1000), actual);
    }

    [Fact]
    public void Score_SingleLeafTrees_AddsTheirLeavesToTheBaseline()
    {
        var trees = new[] { SingleLeaf(0.25), SingleLeaf(-1.5), SingleLeaf(0.125) };
        var scorer = CompiledTrees.Compile(trees, [2.0], CategoryCounts);
        var columns = RandomColumns(new Random(4), 5);

        var actual = new double[5];
        scorer.Score(columns, 5, actual);

        Assert.All(actual, v => Assert.Equal(2.0 + 0.25 - 1.5 + 0.125, v));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(30)]
    [InlineData(31)]
    public void ScoreRow_EveryRow_EqualsTheRowOfTheBatch(int treeCount)
    {
        // ScoreRow walks four trees at a time; tree counts that fill the last group of four, and that leave one to
        // three lanes of it empty.
        var random = new Random(5);
        var trees = RandomTrees(random, treeCount);
        var columns = RandomColumns(random, 300);
        var scorer = CompiledTrees.Compile(trees, [0.0, 1.0, -1.0], CategoryCounts);
        var batch = new double[300 * 3];
        scorer.Score(columns, 300, batch);

        var row = new double[Features];
        var output = new double[3];
        for (var i = 0; i < 300; i++)
        {
            for (var j = 0; j < Features; j++)
            {
                row[j] = columns[j][i];
            }
            scorer.ScoreRow(row, output);
            AssertBitEqual(batch.AsSpan(i * 3, 3).ToArray(), output);
        }
    }

    [Fact]
    public void Score_ParallelBlocksOrOneBlock_SameBits()
    {
        // 5000 rows are many blocks, scored in parallel; a prefix of 100 rows is one block, scored on the calling
        // thread.
        var random = new Random(6);
        var trees = RandomTrees(random, 60);
        var columns = RandomColumns(random, 5000);
        var scorer = CompiledTrees.Compile(trees, [0.5, -0.5], CategoryCounts);

        var all = new double[5000 * 2];
        scorer.Score(columns, 5000, all);
        var again = new double[5000 * 2];
        scorer.Score(columns, 5000, again);
        var prefix = new double[100 * 2];
        scorer.Score(columns, 100, prefix);

        AssertBitEqual(all, again);
        AssertBitEqual(all.AsSpan(0, 200).ToArray(), prefix);
        AssertBitEqual(TreeWalk(trees, [0.5, -0.5], columns, 5000), all);
    }

    [Fact]
    public void ScoreRow_WrongFeatureCount_Throws()
    {
        var scorer = CompiledTrees.Compile([SingleLeaf(1)], [0.0], CategoryCounts);

        Assert.Throws<ArgumentException>(() => scorer.ScoreRow(new double[Features - 1], new double[1]));
        Assert.Throws<ArgumentException>(() => scorer.ScoreRow(new double[Features], []));
    }

    [Theory]
    [InlineData(0.5, 1.0, false, true)]
    [InlineData(1.0, 1.0, false, true)]
    [InlineData(1.5, 1.0, true, false)]
    [InlineData(double.NaN, 1.0, true, true)]
    [InlineData(double.NaN, 1.0, false, false)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, false, true)]
    [InlineData(double.NegativeInfinity, -1e300, false, true)]
    public void NumericGoesLeft_TruthTable(double value, double threshold, bool defaultLeft, bool expected) =>
        Assert.Equal(expected, GbdtTree.NumericGoesLeft(value, threshold, defaultLeft));

    [Fact]
    public void GbdtModel_PredictRaw_EqualsPerTreeWalkOnATrainedModel()
    {
        var random = new Random(7);
        var train = RandomColumns(random, 2000);
        var y = new double[2000];
        for (var i = 0; i < y.Length; i++)
        {
            var code = train[4][i];
            y[i] = (train[0][i] > 0 ? 1 : 0) ^ (code is 1 or 3 ? 1 : 0);
        }
        var kinds = CategoryCounts.Select(k => k > 0 ? FeatureKind.Categorical : FeatureKind.Numeric).ToArray();
        var names = Enumerable.Range(0, Features).Select(j => $"f{j}").ToArray();
        // Training takes codes 0..k−1 or NaN; scoring gets everything RandomColumns makes.
        var clean = train.Select((c, j) => CategoryCounts[j] == 0 ? c : c.Select(v => v >= 0 && v < CategoryCounts[j] && v == Math.Floor(v) ? v : double.NaN).ToArray()).ToArray();
        var model = new GbdtTrainer(new GbdtOptions { Rounds = 20 }).Fit(new FeatureMatrix(names, clean, kinds, CategoryCounts), y);
        var test = RandomColumns(random, 3000);

        var actual = new double[3000];
        model.PredictRaw(new FeatureMatrix(names, test, kinds, CategoryCounts), actual);

        Assert.Contains(model.Trees, t => t.IsCategorical.Contains(true));
        AssertBitEqual(TreeWalk(model.Trees.ToArray(), model.Baseline.ToArray(), test, 3000), actual);
    }

    private static double[] TreeWalk(GbdtTree[] trees, double[] baseline, double[][] columns, int rows)
    {
        var k = baseline.Length;
        var output = new double[rows * k];
        for (var i = 0; i < rows; i++)
        {
            baseline.CopyTo(output, i * k);
        }
        for (var t = 0; t < trees.Length; t++)
        {
            for (var i = 0; i < rows; i++)
            {
                output[(i * k) + (t % k)] += trees[t].LeafValue[trees[t].Leaf(columns, CategoryCounts, i)];
            }
        }
        return output;
    }

    private static void AssertBitEqual(double[] expected, double[] actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

    /// <summary>Numeric values from <see cref="Grid"/>, uniform or NaN; categorical codes in and out of range, negative, non-integral or NaN.</summary>
    private static double[][] RandomColumns(Random random, int rows)
    {
        var columns = new double[Features][];
        for (var j = 0; j < Features; j++)
        {
            columns[j] = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                var u = random.NextDouble();
                columns[j][i] = CategoryCounts[j] == 0
                    ? u < 0.1 ? double.NaN : u < 0.5 ? Grid[random.Next(Grid.Length)] : (random.NextDouble() * 6) - 3
                    : u < 0.05 ? double.NaN
                    : u < 0.1 ? -1
                    : u < 0.15 ? CategoryCounts[j] + random.Next(3)
                    : u < 0.2 ? random.Next(CategoryCounts[j]) + 0.5
                    : random.Next(CategoryCounts[j]);
            }
        }
        return columns;
    }

    private static GbdtTree[] RandomTrees(Random random, int count)
    {
        var trees = new GbdtTree[count];
        for (var t = 0; t < count; t++)
        {
            trees[t] = random.Next(8) == 0 ? SingleLeaf(random.NextDouble()) : RandomTree(random, 1 + random.Next(30));
        }
        return trees;
    }

    private static GbdtTree SingleLeaf(double value) =>
        new([], [], [], [], [], [], [], [], [], [value]);

    /// <summary>A tree grown by splitting random leaves <paramref name="splits"/> times (so depths vary, as leaf-wise growth makes them).</summary>
    private static GbdtTree RandomTree(Random random, int splits)
    {
        var feature = new List<int>();
        var threshold = new List<double>();
        var defaultLeft = new List<bool>();
        var categorical = new List<bool>();
        var words = new List<ulong>();
        var left = new List<int>();
        var right = new List<int>();
        // Open leaves as (parent node, is left child); the root is the only one at first.
        var open = new List<(int Parent, bool IsLeft)> { (-1, false) };
        for (var s = 0; s < splits; s++)
        {
            var pick = random.Next(open.Count);
            var (parent, isLeft) = open[pick];
            open.RemoveAt(pick);
            var node = feature.Count;
            if (parent >= 0)
            {
                if (isLeft)
                {
                    left[parent] = node;
                }
                else
                {
                    right[parent] = node;
                }
            }
            var f = random.Next(Features);
            feature.Add(f);
            categorical.Add(CategoryCounts[f] > 0);
            threshold.Add(CategoryCounts[f] > 0 ? 0 : random.Next(3) == 0 ? Grid[random.Next(Grid.Length)] : (random.NextDouble() * 4) - 2);
            defaultLeft.Add(random.Next(2) == 0);
            for (var w = 0; w < 4; w++)
            {
                words.Add(CategoryCounts[f] > 0 ? (ulong)random.NextInt64() : 0);
            }
            left.Add(0);
            right.Add(0);
            open.Add((node, true));
            open.Add((node, false));
        }
        for (var leaf = 0; leaf < open.Count; leaf++)
        {
            var (parent, isLeft) = open[leaf];
            if (isLeft)
            {
                left[parent] = ~leaf;
            }
            else
            {
                right[parent] = ~leaf;
            }
        }
        var values = Enumerable.Range(0, open.Count).Select(_ => random.NextDouble() - 0.5).ToArray();
        var n = feature.Count;
        return new GbdtTree(
            [.. feature], [.. threshold], new byte[n], [.. defaultLeft], [.. categorical], [.. words],
            [.. left], [.. right], new double[n], values);
    }
}
