using System.Numerics;
using Keel.Learning;
using Keel.Learning.Explain;
using Keel.Learning.Trees;

namespace Keel.Tests.Learning.Explain;

/// <summary>Independent checks of TreeSHAP output shared by the GBDT and forest tests.</summary>
internal static class ShapOracle
{
    /// <summary>
    /// Shapley values of one output by the Shapley formula over all 2^M feature subsets, with the path-dependent value
    /// function v(S) = E[f(x) | x_S] of Lundberg et al. 2018, Algorithm 1 (features outside S follow the cover
    /// fractions of <paramref name="background"/>). <paramref name="trees"/> are the trees summed into that output.
    /// </summary>
    public static double[] BruteForce(IReadOnlyList<GbdtTree> trees, int[] categoryCounts, FeatureMatrix background, double[] row)
    {
        var columns = Columns(background);
        var covers = trees.Select(t => TreeCover.Count(t, columns, categoryCounts)).ToArray();
        var m = row.Length;
        double Value(int subset) => Enumerable.Range(0, trees.Count)
            .Sum(t => trees[t].NodeCount == 0 ? trees[t].LeafValue[0] : Conditional(trees[t], covers[t], categoryCounts, row, subset, 0));
        var phi = new double[m];
        for (var j = 0; j < m; j++)
        {
            for (var subset = 0; subset < 1 << m; subset++)
            {
                if ((subset & (1 << j)) != 0)
                {
                    continue;
                }
                var size = BitOperations.PopCount((uint)subset);
                phi[j] += Factorial(size) * Factorial(m - size - 1) / Factorial(m) * (Value(subset | (1 << j)) - Value(subset));
            }
        }
        return phi;
    }

    /// <summary>Asserts that, on every row and output, the expected value plus the row's φ equals <paramref name="outputs"/> (row-major) and no φ is NaN.</summary>
    public static void AssertSumsTo(ShapValues shap, double[] outputs, double tolerance = 1e-9)
    {
        Assert.Equal(shap.Rows * shap.Outputs, outputs.Length);
        for (var k = 0; k < shap.Outputs; k++)
        {
            for (var i = 0; i < shap.Rows; i++)
            {
                var sum = shap.ExpectedValue[k];
                for (var j = 0; j < shap.Features; j++)
                {
                    Assert.False(double.IsNaN(shap[k, i, j]));
                    sum += shap[k, i, j];
                }
                Assert.Equal(outputs[(i * shap.Outputs) + k], sum, tolerance);
            }
        }
    }

    public static double[][] Columns(FeatureMatrix x) =>
        Enumerable.Range(0, x.Columns).Select(j => x.Column(j).ToArray()).ToArray();

    public static double[] Row(FeatureMatrix x, int i) =>
        Enumerable.Range(0, x.Columns).Select(j => x.Column(j)[i]).ToArray();

    // x0 numeric with 15 % NaN, x1 categorical (5 codes), x2 numeric, x3 constant (so no tree can split on it).
    public static (FeatureMatrix X, double[] Y) Data(LearningTask task, int n, int seed)
    {
        var rng = new Random(seed);
        var x0 = new double[n];
        var x1 = new double[n];
        var x2 = new double[n];
        var x3 = new double[n];
        var y = new double[n];
        double[] categoryEffect = [-1.5, 0.5, 2.0, -0.5, 1.0];
        for (var i = 0; i < n; i++)
        {
            x0[i] = rng.NextDouble() < 0.15 ? double.NaN : (rng.NextDouble() * 4) - 2;
            x1[i] = rng.Next(5);
            x2[i] = rng.NextDouble();
            x3[i] = 1;
            var signal = (double.IsNaN(x0[i]) ? 1.0 : x0[i]) + categoryEffect[(int)x1[i]] + (x0[i] > 0 ? x2[i] : -x2[i]);
            var noise = (rng.NextDouble() - 0.5) * 0.5;
            y[i] = task switch
            {
                LearningTask.Regression => signal + noise,
                LearningTask.Multiclass => signal + noise < -0.5 ? 0 : signal + noise < 1.5 ? 1 : 2,
                _ => signal + noise > 0.3 ? 1 : 0,
            };
        }
        var matrix = new FeatureMatrix(
            ["x0", "x1", "x2", "x3"], [x0, x1, x2, x3],
            [FeatureKind.Numeric, FeatureKind.Categorical, FeatureKind.Numeric, FeatureKind.Numeric], [0, 5, 0, 0]);
        return (matrix, y);
    }

    private static double Conditional(GbdtTree tree, TreeCover cover, int[] categoryCounts, double[] row, int subset, int child)
    {
        if (child < 0)
        {
            return tree.LeafValue[~child];
        }
        var feature = tree.Feature[child];
        if ((subset & (1 << feature)) != 0)
        {
            var next = tree.GoesLeft(child, row[feature], categoryCounts) ? tree.Left[child] : tree.Right[child];
            return Conditional(tree, cover, categoryCounts, row, subset, next);
        }
        double Cover(int c) => c < 0 ? cover.Leaf[~c] : cover.Node[c];
        var (left, right) = (tree.Left[child], tree.Right[child]);
        return ((Cover(left) * Conditional(tree, cover, categoryCounts, row, subset, left))
            + (Cover(right) * Conditional(tree, cover, categoryCounts, row, subset, right))) / cover.Node[child];
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
