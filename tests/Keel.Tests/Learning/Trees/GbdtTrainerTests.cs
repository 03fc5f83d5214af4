using Keel.Learning;
using Keel.Learning.Trees;

namespace Keel.Tests.Learning.Trees;

public sealed class GbdtTrainerTests
{
    // One round, one split: the first tree shows exactly which split the learner chose.
    private static readonly GbdtOptions OneSplit = new() { Rounds = 1, MaxLeaves = 2, MinSamplesLeaf = 5 };

    [Fact]
    public void Fit_OneInformativeFeature_SplitsAtTheBoundaryBetweenTheClasses()
    {
        // x0 = 0..99 decides the label at 50; x1 is a decoy that sorts the rows in another order.
        var x0 = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var x1 = Enumerable.Range(0, 100).Select(i => (double)((i * 37) % 100)).ToArray();
        var y = x0.Select(v => v >= 50 ? 1.0 : 0.0).ToArray();

        var model = new GbdtTrainer(OneSplit).Fit(new FeatureMatrix(["x0", "x1"], [x0, x1]), y);

        var tree = model.Trees[0];
        Assert.Equal(1, tree.NodeCount);
        Assert.Equal(0, tree.Feature[0]);
        Assert.Equal(49.5, tree.Threshold[0]);
        Assert.False(tree.IsCategorical[0]);
        var raw = new double[4];
        model.PredictRaw(new FeatureMatrix(["x0", "x1"], [[49, 49.5, 49.6, 1000], [0, 0, 0, 0]]), raw);
        Assert.True(raw[0] < model.Baseline[0] && raw[1] < model.Baseline[0]);
        Assert.True(raw[2] > model.Baseline[0] && raw[3] > model.Baseline[0]);
    }

    [Theory]
    [InlineData(1.0, false)]
    [InlineData(0.0, true)]
    public void Fit_MissingValues_GoToTheSideWhoseLabelsTheyShare(double missingLabel, bool expectDefaultLeft)
    {
        // 100 known values split at 50 (left 0, right 1) and 30 missing ones that all have missingLabel.
        var x = Enumerable.Range(0, 100).Select(i => (double)i).Concat(Enumerable.Repeat(double.NaN, 30)).ToArray();
        var y = Enumerable.Range(0, 100).Select(i => i >= 50 ? 1.0 : 0.0).Concat(Enumerable.Repeat(missingLabel, 30)).ToArray();

        var model = new GbdtTrainer(OneSplit).Fit(new FeatureMatrix(["x"], [x]), y);

        var tree = model.Trees[0];
        Assert.Equal(1, tree.NodeCount);
        Assert.Equal(49.5, tree.Threshold[0]);
        Assert.Equal(expectDefaultLeft, tree.DefaultLeft[0]);
        var raw = new double[2];
        model.PredictRaw(new FeatureMatrix(["x"], [[double.NaN, missingLabel == 1 ? 99 : 0]]), raw);
        Assert.Equal(raw[1], raw[0]);
    }

    [Fact]
    public void Fit_NoMissingValuesInTraining_MissingFollowsTheLargerChild()
    {
        // 70 rows below the boundary, 30 above: a missing value met later goes with the 70.
        var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var y = x.Select(v => v >= 70 ? 1.0 : 0.0).ToArray();

        var model = new GbdtTrainer(OneSplit).Fit(new FeatureMatrix(["x"], [x]), y);

        Assert.True(model.Trees[0].DefaultLeft[0]);
        var raw = new double[2];
        model.PredictRaw(new FeatureMatrix(["x"], [[double.NaN, 0]]), raw);
        Assert.Equal(raw[1], raw[0]);
    }

    [Fact]
    public void Fit_CategoricalFeature_SeparatesAAndCFromB()
    {
        // Codes a = 0, b = 1, c = 2, 40 rows each; a and c are positive, b negative. No threshold on the codes can
        // separate them in one split; a set split can.
        var codes = Enumerable.Range(0, 120).Select(i => (double)(i % 3)).ToArray();
        var y = codes.Select(c => c == 1 ? 0.0 : 1.0).ToArray();
        var x = new FeatureMatrix(["letter"], [codes], [FeatureKind.Categorical], [3]);

        var model = new GbdtTrainer(OneSplit).Fit(x, y);

        var tree = model.Trees[0];
        Assert.Equal(1, tree.NodeCount);
        Assert.True(tree.IsCategorical[0]);
        var leftSet = Enumerable.Range(0, 3).Where(c => ((tree.CategoryWords[0] >> c) & 1) != 0).ToArray();
        Assert.True(leftSet is [0, 2] or [1], $"left set {{{string.Join(",", leftSet)}}}");
        var probabilities = new double[8];
        model.PredictProbabilities(new FeatureMatrix(["letter"], [[0, 1, 2, double.NaN]], [FeatureKind.Categorical], [3]), probabilities);
        Assert.Equal(probabilities[1], probabilities[5]);
        Assert.True(probabilities[1] > probabilities[3], "P(positive | a) > P(positive | b)");
        Assert.True(probabilities[7] == probabilities[1] || probabilities[7] == probabilities[3], "missing follows one side");
    }

    [Fact]
    public void Fit_CategoryUnseenAtTraining_TakesTheDefaultDirection()
    {
        var codes = Enumerable.Range(0, 120).Select(i => (double)(i % 3)).ToArray();
        var y = codes.Select(c => c == 1 ? 0.0 : 1.0).ToArray();
        var model = new GbdtTrainer(OneSplit).Fit(new FeatureMatrix(["letter"], [codes], [FeatureKind.Categorical], [3]), y);

        var raw = new double[3];
        model.PredictRaw(new FeatureMatrix(["letter"], [[7, 1.5, double.NaN]], [FeatureKind.Categorical], [8]), raw);

        Assert.Equal(raw[2], raw[0]);
        Assert.Equal(raw[2], raw[1]);
    }

    [Fact]
    public void Fit_TooManyCategories_ThrowsSuggestingTargetEncoding()
    {
        var x = new FeatureMatrix(["zip"], [[0, 1, 2, 3]], [FeatureKind.Categorical], [300]);

        var ex = Assert.Throws<ArgumentException>(() => new GbdtTrainer(new GbdtOptions()).Fit(x, [0, 1, 0, 1]));

        Assert.Contains("'zip' has 300 categories", ex.Message);
        Assert.Contains("target encoding", ex.Message);
    }

    [Fact]
    public void Fit_NothingToSplit_PredictsThePriorLogOdds()
    {
        var y = new double[] { 1, 1, 1, 0 };
        var model = new GbdtTrainer(new GbdtOptions { Rounds = 3 }).Fit(new FeatureMatrix(["x"], [[1, 2, 3, 4]]), y);

        Assert.Equal(Math.Log(3.0), model.Baseline[0], 15);
        var raw = new double[1];
        model.PredictRaw(new FeatureMatrix(["x"], [[2]]), raw);
        Assert.Equal(Math.Log(3.0), raw[0], 15);
    }

    [Fact]
    public void Fit_MaxDepthOne_GrowsStumps()
    {
        var (x, y) = SyntheticData(rows: 2000, seed: 3);

        var model = new GbdtTrainer(new GbdtOptions { Rounds = 5, MaxDepth = 1 }).Fit(x, y);

        Assert.All(model.Trees, t => Assert.Equal(1, t.NodeCount));
    }

    [Fact]
    public void Fit_MaxLeaves_BoundsEveryTreeAndLeavesHoldMinSamples()
    {
        var (x, y) = SyntheticData(rows: 4000, seed: 4);

        var model = new GbdtTrainer(new GbdtOptions { Rounds = 5, MaxLeaves = 7, MinSamplesLeaf = 50 }).Fit(x, y);

        Assert.All(model.Trees, t => Assert.Equal(7, t.LeafValue.Length));
        var binned = BinnedFeatures.Create(x, 255, 200_000, 0, 1);
        var perLeaf = new int[7];
        for (var i = 0; i < x.Rows; i++)
        {
            perLeaf[model.Trees[0].Leaf(binned.Columns, i)]++;
        }
        Assert.All(perLeaf, c => Assert.True(c >= 50, $"leaf with {c} rows"));
    }

    [Fact]
    public void FeatureImportance_InformativeFeatureRanksFirst()
    {
        var (x, y) = SyntheticData(rows: 4000, seed: 5);

        var importance = new GbdtTrainer(new GbdtOptions { Rounds = 20 }).Fit(x, y).FeatureImportance();

        // SyntheticData's label depends mostly on feature 0, then on the categorical feature 5.
        Assert.Equal(0, Array.IndexOf(importance, importance.Max()));
        Assert.True(importance[5] > importance[1..5].Max());
    }

    [Fact]
    public void Fit_ValidationSet_StopsEarlyAndKeepsTheBestRound()
    {
        var (train, trainY, test, testY) = TreeFixtures.Load("breast_cancer.csv", 455);
        var options = new GbdtOptions { Rounds = 1000, EarlyStoppingRounds = 10 };

        var model = new GbdtTrainer(options).Fit(train, trainY, test, testY);

        var history = model.History;
        Assert.NotNull(history.ValidationLoss);
        Assert.True(history.BestRound < 1000);
        Assert.Equal(history.BestRound, model.Rounds);
        Assert.Equal(history.BestRound + 10, history.ValidationLoss.Count);
        var best = history.ValidationLoss.Min();
        Assert.Equal(best, history.ValidationLoss[history.BestRound - 1]);
        var probabilities = new double[test.Rows * 2];
        model.PredictProbabilities(test, probabilities);
        Assert.Equal(best, TreeFixtures.LogLoss(probabilities, testY), 12);
    }

    [Fact]
    public void Fit_SameSeed_BitIdenticalPredictionsAtAnyThreadCount()
    {
        var (x, y) = SyntheticData(rows: 100_000, seed: 6);
        var options = new GbdtOptions { Rounds = 10, RowSubsample = 0.7, ColumnSubsample = 0.6, Seed = 42 };
        // Large enough that the root histograms (70% of the rows, 4 of the 6 features) are built in parallel.
        Assert.True(70_000L * 4 >= HistogramBuilder.ParallelWork);

        var one = Predict(new GbdtTrainer(options with { MaxDegreeOfParallelism = 1 }).Fit(x, y), x);
        var four = Predict(new GbdtTrainer(options with { MaxDegreeOfParallelism = 4 }).Fit(x, y), x);
        var again = Predict(new GbdtTrainer(options with { MaxDegreeOfParallelism = 4 }).Fit(x, y), x);
        var otherSeed = Predict(new GbdtTrainer(options with { Seed = 43 }).Fit(x, y), x);

        Assert.Equal(Bits(one), Bits(four));
        Assert.Equal(Bits(four), Bits(again));
        Assert.NotEqual(Bits(one), Bits(otherSeed));
    }

    [Fact]
    public void Fit_SameSeed_BitIdenticalMulticlassModelAtAnyThreadCount()
    {
        var (x, y) = SyntheticData(rows: 60_000, seed: 7);
        var classes = y.Select((v, i) => v + (i % 3 == 0 ? 1 : 0)).ToArray();
        var options = new GbdtOptions { Objective = GbdtObjective.MulticlassSoftmax, Rounds = 5, RowSubsample = 0.8, Seed = 1 };

        var one = new GbdtTrainer(options with { MaxDegreeOfParallelism = 1 }).Fit(x, classes);
        var three = new GbdtTrainer(options with { MaxDegreeOfParallelism = 3 }).Fit(x, classes);

        Assert.Equal(Bits(Predict(one, x)), Bits(Predict(three, x)));
        Assert.Equal(one.History.TrainingLoss, three.History.TrainingLoss);
    }

    [Fact]
    public void PredictRaw_TrainingRows_ReproducesTheScoresTrainingTrackedInBinSpace()
    {
        // Training routes rows by bins, scoring by raw values against threshold values: both must agree on every
        // row, missing values and categories included, or the last training loss would differ.
        var (x, y) = SyntheticData(rows: 20_000, seed: 8);
        var model = new GbdtTrainer(new GbdtOptions { Rounds = 30, RowSubsample = 0.5, Seed = 3 }).Fit(x, y);

        var probabilities = new double[x.Rows * 2];
        model.PredictProbabilities(x, probabilities);

        Assert.Equal(model.History.TrainingLoss[^1], TreeFixtures.LogLoss(probabilities, y), 1e-12);
    }

    [Fact]
    public void PredictRaw_OneRowMatrices_EqualTheRowsOfTheBatchBitForBit()
    {
        // One-row matrices (a serving request) take the single-row path; it must give the batch's exact numbers.
        var (x, y) = SyntheticData(rows: 2_000, seed: 9);
        var model = new GbdtTrainer(new GbdtOptions { Rounds = 20, Seed = 4 }).Fit(x, y);
        var batch = new double[x.Rows];
        model.PredictRaw(x, batch);

        var one = new double[1];
        for (var i = 0; i < 200; i++)
        {
            model.PredictRaw(x.SelectRows([i]), one);
            Assert.Equal(BitConverter.DoubleToInt64Bits(batch[i]), BitConverter.DoubleToInt64Bits(one[0]));
        }
    }

    [Fact]
    public void Fit_LabelsOutsideZeroOne_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GbdtTrainer(new GbdtOptions()).Fit(new FeatureMatrix(["x"], [[1, 2]]), [0, 2]));
        Assert.Contains("0 or 1", ex.Message);
    }

    private static double[] Predict(GbdtModel model, FeatureMatrix x)
    {
        var raw = new double[x.Rows * model.OutputCount];
        model.PredictRaw(x, raw);
        return raw;
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>
    /// Features 0-3 numeric (feature 0 informative, 10% missing), 4 numeric noise with many ties, 5 categorical with
    /// 6 codes (codes 1 and 4 raise the label). Binary label from a seeded RNG.
    /// </summary>
    internal static (FeatureMatrix X, double[] Y) SyntheticData(int rows, int seed)
    {
        var rng = new Random(seed);
        var columns = new double[6][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = new double[rows];
        }
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                columns[j][i] = (rng.NextDouble() * 2) - 1;
            }
            columns[4][i] = rng.Next(20);
            columns[5][i] = rng.Next(6);
            var score = (3 * columns[0][i]) + (columns[5][i] is 1 or 4 ? 1.5 : -0.5) + ((rng.NextDouble() * 2) - 1);
            y[i] = score > 0 ? 1 : 0;
            if (rng.NextDouble() < 0.1)
            {
                columns[0][i] = double.NaN;
            }
        }
        var x = new FeatureMatrix(
            ["f0", "f1", "f2", "f3", "ties", "cat"], columns,
            [FeatureKind.Numeric, FeatureKind.Numeric, FeatureKind.Numeric, FeatureKind.Numeric, FeatureKind.Numeric, FeatureKind.Categorical],
            [0, 0, 0, 0, 0, 6]);
        return (x, y);
    }
}
