using Keel.Learning;
using Keel.Learning.Explain;
using Keel.Learning.Trees;

namespace Keel.Tests.Learning.Explain;

public sealed class ForestShapTests
{
    [Theory]
    [InlineData(LearningTask.Binary)]
    [InlineData(LearningTask.Multiclass)]
    [InlineData(LearningTask.Regression)]
    public void Explain_TrainedForest_ExpectedValuePlusPhiEqualsAveragedTreeOutput(LearningTask task)
    {
        // x0 has NaN, x1 is categorical; rows also carry an unseen category code and NaN in the categorical column.
        var (x, y) = ShapOracle.Data(task, 500, seed: 1);
        var model = Train(task, x, y, trees: 15);
        var (rows, _) = ShapOracle.Data(task, 60, seed: 2);
        var columns = ShapOracle.Columns(rows);
        columns[1][0] = 9;
        columns[1][1] = double.NaN;
        rows = new FeatureMatrix(rows.Names, columns, [FeatureKind.Numeric, FeatureKind.Categorical, FeatureKind.Numeric, FeatureKind.Numeric], [0, 5, 0, 0]);

        var shap = TreeShap.Explain(model, x, rows);

        Assert.Equal(model.OutputCount, shap.Outputs);
        ShapOracle.AssertSumsTo(shap, AveragedTreeOutput(model, rows));
    }

    [Theory]
    [InlineData(LearningTask.Binary)]
    [InlineData(LearningTask.Regression)]
    public void Explain_TrainedForest_SumsToTheModelsProbabilityOrPrediction(LearningTask task)
    {
        // What is explained, in the public API's terms: P(class 1) for binary (not the log-odds PredictRaw returns),
        // the prediction for regression.
        var (x, y) = ShapOracle.Data(task, 500, seed: 1);
        var model = Train(task, x, y, trees: 15);
        var (rows, _) = ShapOracle.Data(task, 60, seed: 3);
        var raw = new double[rows.Rows];
        model.PredictRaw(rows, raw);
        var expected = task == LearningTask.Binary ? raw.Select(OutputLink.Sigmoid).ToArray() : raw;

        var shap = TreeShap.Explain(model, x, rows);

        // Binary probabilities pass through PredictRaw's clip at 1e-15, far inside the tolerance.
        ShapOracle.AssertSumsTo(shap, expected, 1e-9);
    }

    [Fact]
    public void Explain_MulticlassForest_ClassSumsNormaliseToTheModelsProbabilities()
    {
        // Each class has its own trees, so the averaged class outputs need not sum to 1; the model normalises them.
        var (x, y) = ShapOracle.Data(LearningTask.Multiclass, 500, seed: 1);
        var model = Train(LearningTask.Multiclass, x, y, trees: 15);
        var (rows, _) = ShapOracle.Data(LearningTask.Multiclass, 60, seed: 3);
        var raw = new double[rows.Rows * 3];
        model.PredictRaw(rows, raw);
        var probabilities = new double[rows.Rows * 3];
        OutputLink.Probabilities(LearningTask.Multiclass, raw, 3, probabilities);

        var shap = TreeShap.Explain(model, x, rows);

        for (var i = 0; i < rows.Rows; i++)
        {
            var sums = Enumerable.Range(0, 3)
                .Select(k => shap.ExpectedValue[k] + Enumerable.Range(0, shap.Features).Sum(j => shap[k, i, j]))
                .ToArray();
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(probabilities[(i * 3) + k], sums[k] / sums.Sum(), 1e-9);
            }
        }
    }

    [Theory]
    [InlineData(LearningTask.Binary)]
    [InlineData(LearningTask.Multiclass)]
    [InlineData(LearningTask.Regression)]
    public void Explain_TinyForest_MatchesShapleyValuesByEnumeratingSubsets(LearningTask task)
    {
        var (x, y) = ShapOracle.Data(task, 300, seed: 4);
        var model = Train(task, x, y, trees: 4);
        var (rows, _) = ShapOracle.Data(task, 12, seed: 5);
        var categoryCounts = model.CategoryCounts.ToArray();

        var shap = TreeShap.Explain(model, x, rows);

        for (var k = 0; k < model.OutputCount; k++)
        {
            var trees = model.Trees.Where((_, t) => t % model.OutputCount == k).ToArray();
            for (var i = 0; i < rows.Rows; i++)
            {
                var phi = ShapOracle.BruteForce(trees, categoryCounts, x, ShapOracle.Row(rows, i));
                for (var j = 0; j < x.Columns; j++)
                {
                    Assert.Equal(phi[j], shap[k, i, j], 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Explain_ConstantFeature_HasPhiExactlyZero()
    {
        var (x, y) = ShapOracle.Data(LearningTask.Binary, 500, seed: 1);
        var model = Train(LearningTask.Binary, x, y, trees: 10);
        var (rows, _) = ShapOracle.Data(LearningTask.Binary, 40, seed: 2);

        var shap = TreeShap.Explain(model, x, rows);

        for (var i = 0; i < rows.Rows; i++)
        {
            Assert.Equal(0.0, shap[0, i, 3]);
        }
    }

    [Fact]
    public void Explain_OtherFeatures_Throws()
    {
        var (x, y) = ShapOracle.Data(LearningTask.Regression, 200, seed: 1);
        var model = Train(LearningTask.Regression, x, y, trees: 3);

        Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, x, new FeatureMatrix(["a"], [[1.0]])));
        Assert.Throws<ArgumentException>(() => TreeShap.Explain(model, x.SelectRows([]), x));
    }

    [Fact]
    public void FeatureImportance_SumsSplitGainsAndRanksInformativeFeatureAboveConstant()
    {
        var (x, y) = ShapOracle.Data(LearningTask.Regression, 500, seed: 1);
        var model = Train(LearningTask.Regression, x, y, trees: 10);

        var importance = model.FeatureImportance();

        var total = model.Trees.Sum(t => t.Gain.AsSpan(0, t.NodeCount).ToArray().Sum());
        Assert.Equal(total, importance.Sum(), 1e-9 * total);
        Assert.Equal(0.0, importance[3]);
        Assert.True(importance[0] > importance[2]);
    }

    // The oracle for what a forest's TreeSHAP explains: per output, the sum of its trees' (pre-averaged) leaves.
    private static double[] AveragedTreeOutput(RandomForestModel model, FeatureMatrix rows)
    {
        var columns = ShapOracle.Columns(rows);
        var categoryCounts = model.CategoryCounts.ToArray();
        var outputs = new double[rows.Rows * model.OutputCount];
        for (var t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            for (var i = 0; i < rows.Rows; i++)
            {
                outputs[(i * model.OutputCount) + (t % model.OutputCount)] += tree.LeafValue[tree.Leaf(columns, categoryCounts, i)];
            }
        }
        return outputs;
    }

    private static RandomForestModel Train(LearningTask task, FeatureMatrix x, double[] y, int trees) =>
        new RandomForestTrainer(new RandomForestOptions { Task = task, Trees = trees, MaxLeaves = 12, MinSamplesLeaf = 5, Seed = 3 }).Fit(x, y);
}
