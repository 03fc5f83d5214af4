using Keel.Learning;
using Keel.Learning.Linear;

namespace Keel.Tests.Learning.Linear;

/// <summary>
/// The logistic losses split rows into fixed blocks evaluated on several threads: checked against a plain row-by-row
/// evaluation, and for bit-identical results whatever the thread count.
/// </summary>
public sealed class RowBlockEvaluationTests
{
    // 5 blocks of 2048 rows, the last one partial, and 23 columns (5 fused groups of 4 plus 3 single columns):
    // 115k multiply–adds per class, so a 3-class evaluation is large enough to run in parallel.
    private const int Rows = 4 * RowBlocks.Rows + 1001;
    private const int Features = 23;

    private static (FeatureMatrix X, int[] Labels, double[] Point) Problem(int classes, int seed)
    {
        var random = new Random(seed);
        var columns = new double[Features][];
        for (var j = 0; j < Features; j++)
        {
            columns[j] = new double[Rows];
            for (var i = 0; i < Rows; i++)
            {
                // Some one-hot-like columns, as after encoding a category.
                columns[j][i] = j % 5 == 4 ? (random.Next(3) == 0 ? 1 : 0) : random.NextDouble() * 4 - 2;
            }
        }
        var labels = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            labels[i] = (columns[0][i] + columns[1][i] + random.NextDouble() > 0.5 ? 1 : 0) + (classes > 2 && columns[2][i] > 1 ? 1 : 0);
        }
        var names = Enumerable.Range(0, Features).Select(j => $"f{j}").ToArray();
        var outputs = classes == 2 ? 1 : classes;
        var point = Enumerable.Range(0, outputs * (Features + 1)).Select(_ => random.NextDouble() - 0.5).ToArray();
        return (new FeatureMatrix(names, columns), labels, point);
    }

    [Fact]
    public void BinaryEvaluate_ManyBlocks_MatchesRowByRowReference()
    {
        var (x, labels, point) = Problem(2, 3);
        var gradient = new double[Features + 1];
        var f = new BinaryLogisticLoss(x, labels, 0.5, fitIntercept: true).Evaluate(point, gradient);

        var expectedGradient = new double[Features + 1];
        var expected = 0.0;
        for (var i = 0; i < Rows; i++)
        {
            var z = point[Features];
            for (var j = 0; j < Features; j++)
            {
                z += point[j] * x.Column(j)[i];
            }
            expected += Math.Log(1 + Math.Exp(z)) - labels[i] * z;
            var residual = 1 / (1 + Math.Exp(-z)) - labels[i];
            for (var j = 0; j < Features; j++)
            {
                expectedGradient[j] += residual * x.Column(j)[i];
            }
            expectedGradient[Features] += residual;
        }
        for (var j = 0; j < Features; j++)
        {
            expected += 0.25 * point[j] * point[j];
            expectedGradient[j] += 0.5 * point[j];
        }

        Assert.Equal(expected, f, expected * 1e-12);
        for (var j = 0; j <= Features; j++)
        {
            Assert.Equal(expectedGradient[j], gradient[j], 1e-9);
        }
    }

    [Fact]
    public void MultinomialEvaluate_ManyBlocks_MatchesRowByRowReference()
    {
        const int k = 3;
        var (x, labels, point) = Problem(k, 4);
        var gradient = new double[k * (Features + 1)];
        var f = new MultinomialLogisticLoss(x, labels, k, 0.5, fitIntercept: true).Evaluate(point, gradient);

        var expectedGradient = new double[gradient.Length];
        var expected = 0.0;
        var z = new double[k];
        for (var i = 0; i < Rows; i++)
        {
            var normaliser = 0.0;
            for (var c = 0; c < k; c++)
            {
                z[c] = point[k * Features + c];
                for (var j = 0; j < Features; j++)
                {
                    z[c] += point[c * Features + j] * x.Column(j)[i];
                }
                normaliser += Math.Exp(z[c]);
            }
            expected += Math.Log(normaliser) - z[labels[i]];
            for (var c = 0; c < k; c++)
            {
                var residual = Math.Exp(z[c]) / normaliser - (labels[i] == c ? 1 : 0);
                for (var j = 0; j < Features; j++)
                {
                    expectedGradient[c * Features + j] += residual * x.Column(j)[i];
                }
                expectedGradient[k * Features + c] += residual;
            }
        }
        for (var j = 0; j < k * Features; j++)
        {
            expected += 0.25 * point[j] * point[j];
            expectedGradient[j] += 0.5 * point[j];
        }

        Assert.Equal(expected, f, expected * 1e-12);
        for (var j = 0; j < gradient.Length; j++)
        {
            Assert.Equal(expectedGradient[j], gradient[j], 1e-9);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_AnyThreadCount_BitIdenticalModel(int classes)
    {
        var (x, labels, _) = Problem(classes, 5);
        var models = new[] { 1, 2, 3, -1 }
            .Select(threads => new LogisticRegression { MaxDegreeOfParallelism = threads, MaxIterations = 30 }.Fit(x, labels))
            .ToArray();
        var reference = models[0];
        foreach (var model in models[1..])
        {
            Assert.Equal(Bits(reference.Weights.ToArray()), Bits(model.Weights.ToArray()));
            Assert.Equal(Bits(reference.Intercepts.ToArray()), Bits(model.Intercepts.ToArray()));
            Assert.Equal(reference.Training, model.Training);
        }
        Assert.True(reference.Training.Iterations > 5, reference.Training.ToString());
    }

    [Fact]
    public void Fit_BadDegreeOfParallelism_Throws()
    {
        var x = new FeatureMatrix(["a"], [[1, 2, 3, 4]]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogisticRegression { MaxDegreeOfParallelism = 0 }.Fit(x, [0, 1, 0, 1]));
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
