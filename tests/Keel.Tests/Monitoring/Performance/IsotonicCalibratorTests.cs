using Keel.Monitoring.Performance;

namespace Keel.Tests.Monitoring.Performance;

public sealed class IsotonicCalibratorTests
{
    public static IEnumerable<object[]> Cases => PerformanceFixtures.Names("isotonic");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predict_FixtureQueries_MatchesSklearnIsotonicRegressionClip(string name)
    {
        var c = PerformanceFixtures.Case("isotonic", name);
        var calibrator = IsotonicCalibrator.Fit(PerformanceFixtures.Doubles(c.GetProperty("x")), PerformanceFixtures.Ints(c.GetProperty("y")));
        var queries = PerformanceFixtures.Doubles(c.GetProperty("queries"));
        var expected = PerformanceFixtures.Doubles(c.GetProperty("predictions"));
        var actual = new double[queries.Length];
        calibrator.Predict(queries, actual);
        for (var i = 0; i < queries.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"query {queries[i]}: sklearn {expected[i]}, Keel {actual[i]}");
        }
    }

    [Fact]
    public void Fit_DecreasingLabels_PoolsToOneMean()
    {
        // Labels fall as scores rise: PAV pools everything into the overall mean 2/4.
        var calibrator = IsotonicCalibrator.Fit([0.1, 0.2, 0.3, 0.4], [1, 1, 0, 0]);
        Assert.Equal(0.5, calibrator.Predict(0.0));
        Assert.Equal(0.5, calibrator.Predict(0.25));
        Assert.Equal(0.5, calibrator.Predict(0.9));
    }

    [Fact]
    public void Predict_RandomScores_IsMonotoneAndWithinUnitInterval()
    {
        var rng = new Random(3);
        var scores = new double[400];
        var labels = new int[400];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = rng.NextDouble();
            labels[i] = rng.NextDouble() < scores[i] * scores[i] ? 1 : 0;
        }
        var calibrator = IsotonicCalibrator.Fit(scores, labels);
        var previous = double.NegativeInfinity;
        for (var s = -0.1; s <= 1.1; s += 0.001)
        {
            var p = calibrator.Predict(s);
            Assert.InRange(p, 0, 1);
            Assert.True(p >= previous, $"not monotone at {s}");
            previous = p;
        }
    }

    [Fact]
    public void Fit_LabelNotBinary_Throws() =>
        Assert.Throws<ArgumentException>(() => IsotonicCalibrator.Fit([0.1, 0.2], [0, 2]));
}
