using Keel.Learning;
using Keel.Learning.Explain;
using Keel.Learning.Trees;

namespace Keel.Tests.Learning.Explain;

public sealed class TreeShapTests
{
    private const int Unused = 3;

    [Theory]
    [InlineData(GbdtObjective.BinaryLogLoss)]
    [InlineData(GbdtObjective.SquaredError)]
    [InlineData(GbdtObjective.MulticlassSoftmax)]
    public void Explain_TrainedModel_ExpectedValuePlusPhiEqualsRawScore(GbdtObjective objective)
    {
        var (x, y) = Data(objective, 600, seed: 1);
        var model = Train(objective, x, y);
        var (rows, _) = Data(objective, 80, seed: 2);

        var shap = TreeShap.Explain(model, x, rows);

        AssertSumsToRawScore(model, shap, rows);
    }

    [Fact]
    public void Explain_BackgroundMissesMostNodes_StillSumsToRawScoreWithoutNaN()
    {
        // Three background rows leave most nodes with zero cover: those subtrees add nothing to φ.
        var (x, y) = Data(GbdtObjective.BinaryLogLoss, 600, seed: 1);
        var model = Train(GbdtObjective.BinaryLogLoss, x, y);
        var background = x.SelectRows([0, 1, 2]);
        var (rows, _) = Data(GbdtObjective.BinaryLogLoss, 40, seed: 3);

        var shap = TreeShap.Explain(model, background, rows);

        AssertSumsToRawScore(model, shap, rows);
    }

    [Fact]
    public void Explain_ExpectedValue_IsTheMeanRawScoreOfTheBackground()
    {
        var (x, y) = Data(GbdtObjective.SquaredError, 600, seed: 1);
        var model = Train(GbdtObjective.SquaredError, x, y);
        var raw = new double[x.Rows];
        model.PredictRaw(x, raw);

        var shap = TreeShap.Explain(model, x, x.SelectRows([0]));

        Assert.Equal(raw.Average(), shap.ExpectedValue[0], 1e-9);
    }

    [Theory]
    [InlineData(GbdtObjective.BinaryLogLoss)]
    [InlineData(GbdtObjective.SquaredError)]
    public void Explain_FeatureNoTreeUses_HasPhiExactlyZero(GbdtObjective objective)
    {
        var (x, y) = Data(objective, 600, seed: 1);
        var model = Train(objective, x, y);
        Assert.All(model.Trees, t => Assert.DoesNotContain(Unused, t.Feature));
        Assert.Contains(model.Trees, t => t.NodeCount > 0);
        var (rows, _) = Data(objective, 80, seed: 2);

        var shap = TreeShap.Explain(model, x, rows);

        for (var i = 0; i < rows.Rows; i++)
        {
            Assert.Equal(0.0, shap[0, i, Unused]);
        }
    }

    [Fact]
    public void Explain_Stump_SplitFeatureGetsLeafMinusCoverWeightedMeanLeaf()
    {
        // One split at 49.5 on x0; the background x0 = 0..79 sends 50 rows left and 30 right.
        var x0 = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var x1 = Enumerable.Range(0, 100).Select(i => (double)((i * 37) % 100)).ToArray();
        var y = x0.Select(v => v >= 50 ? 1.0 : 0.0).ToArray();
        var train = new FeatureMatrix(["x0", "x1"], [x0, x1]);
        var model = new GbdtTrainer(new GbdtOptions { Rounds = 1, MaxLeaves = 2, MinSamplesLeaf = 5 }).Fit(train, y);
        var tree = model.Trees[0];
        Assert.Equal(1, tree.NodeCount);
        Assert.Equal(49.5, tree.Threshold[0]);
        var (left, right) = (tree.LeafValue[~tree.Left[0]], tree.LeafValue[~tree.Right[0]]);
        var background = train.SelectRows(Enumerable.Range(0, 80).ToArray());
        var mean = ((50 * left) + (30 * right)) / 80;

        var shap = TreeShap.Explain(model, background, new FeatureMatrix(["x0", "x1"], [[10, 70], [99, 0]]));

        Assert.Equal(left - mean, shap[0, 0, 0], 1e-12);
        Assert.Equal(right - mean, shap[0, 1, 0], 1e-12);
        Assert.Equal(0.0, shap[0, 0, 1]);
        Assert.Equal(0.0, shap[0, 1, 1]);
        Assert.Equal(model.Baseline[0] + mean, shap.ExpectedValue[0], 1e-12);
    }

    [Theory]
    [InlineData(GbdtObjective.BinaryLogLoss)]
    [InlineData(GbdtObjective.SquaredError)]
    public void Explain_TrainedModel_MatchesShapleyValuesByEnumeratingSubsets(GbdtObjective objective)
    {
        // Oracle: the Shapley formula over all feature subsets (ShapOracle.BruteForce).
        var (x, y) = Data(objective, 600, seed: 1);
        var model = Train(objective, x, y);
        var (rows, _) = Data(objective, 20, seed: 5);

        var shap = TreeShap.Explain(model, x, rows);

        for (var i = 0; i < rows.Rows; i++)
        {
            var phi = ShapOracle.BruteForce(model.Trees, model.CategoryCounts.ToArray(), x, ShapOracle.Row(rows, i));
            for (var j = 0; j < x.Columns; j++)
            {
                Assert.Equal(phi[j], shap[0, i, j], 1e-9);
            }
        }
    }

    [Fact]
    public void Explain_SameInput_GivesIdenticalOutput()
    {
        var (x, y) = Data(GbdtObjective.BinaryLogLoss, 600, seed: 1);
        var model = Train(GbdtObjective.BinaryLogLoss, x, y);
        var (rows, _) = Data(GbdtObjective.BinaryLogLoss, 50, seed: 2);

        var first = TreeShap.Explain(model, x, rows);
        var second = TreeShap.Explain(model, x, rows);

        Assert.Equal(first.ExpectedValue, second.ExpectedValue);
        Assert.Equal(first.Values(0).ToArray(), second.Values(0).ToArray());
    }

    [Fact]
    public void Count_RoutesEveryRowToTheLeafScoringReaches()
    {
        // Includes NaN, unknown and fractional category codes, which take the default direction in scoring.
        var (x, y) = Data(GbdtObjective.BinaryLogLoss, 600, seed: 1);
        var model = Train(GbdtObjective.BinaryLogLoss, x, y);
        var (rows, _) = Data(GbdtObjective.BinaryLogLoss, 200, seed: 4);
        var columns = ShapOracle.Columns(rows);
        columns[1][0] = 7;
        columns[1][1] = -1;
        columns[1][2] = 1.5;
        columns[1][3] = double.NaN;
        var categoryCounts = model.CategoryCounts.ToArray();

        foreach (var tree in model.Trees)
        {
            var expected = new double[tree.LeafValue.Length];
            for (var i = 0; i < rows.Rows; i++)
            {
                expected[tree.Leaf(columns, categoryCounts, i)]++;
            }
            Assert.Equal(expected, TreeCover.Count(tree, columns, categoryCounts).Leaf);
        }
    }

    [Fact]
    public void Explain_OtherFeatures_Throws()
    {
        var (x, y) = Data(GbdtObjective.SquaredError, 200, seed: 1);
        var model = Train(GbdtObjective.SquaredError, x, y);

        Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, x, new FeatureMatrix(["a"], [[1.0]])));
        Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, x.SelectRows([]), x));
    }

    private static void AssertSumsToRawScore(GbdtModel model, ShapValues shap, FeatureMatrix rows)
    {
        var raw = new double[rows.Rows * model.OutputCount];
        model.PredictRaw(rows, raw);
        ShapOracle.AssertSumsTo(shap, raw);
    }

    private static GbdtModel Train(GbdtObjective objective, FeatureMatrix x, double[] y) =>
        new GbdtTrainer(new GbdtOptions { Objective = objective, Rounds = 30, MaxLeaves = 12, MinSamplesLeaf = 5, Seed = 3 })
            .Fit(x, y);

    private static (FeatureMatrix X, double[] Y) Data(GbdtObjective objective, int n, int seed) =>
        ShapOracle.Data(
            objective switch
            {
                GbdtObjective.SquaredError => LearningTask.Regression,
                GbdtObjective.MulticlassSoftmax => LearningTask.Multiclass,
                _ => LearningTask.Binary,
            },
            n, seed);
}
