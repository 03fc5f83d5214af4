using Keel.Monitoring.Performance;

namespace Keel.Tests.Monitoring.Performance;

public sealed class RealizedPerformanceTests
{
    private const double Tolerance = 1e-12;

    public static IEnumerable<object[]> CbpeCases => PerformanceFixtures.Names("cbpe");

    [Theory]
    [MemberData(nameof(CbpeCases))]
    public void Binary_FixtureWindow_MatchesSklearn(string name)
    {
        var c = PerformanceFixtures.Case("cbpe", name);
        var realized = RealizedPerformance.Binary(
            PerformanceFixtures.Ints(c.GetProperty("labels")),
            PerformanceFixtures.Ints(c.GetProperty("predicted")),
            PerformanceFixtures.Doubles(c.GetProperty("probabilities")));
        var expected = c.GetProperty("realized");
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), realized.Accuracy, Tolerance);
        Assert.Equal(expected.GetProperty("precision").GetDouble(), realized.Precision, Tolerance);
        Assert.Equal(expected.GetProperty("recall").GetDouble(), realized.Recall, Tolerance);
        Assert.Equal(expected.GetProperty("f1").GetDouble(), realized.F1, Tolerance);
        Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), realized.RocAuc, Tolerance);
    }

    [Fact]
    public void Multiclass_FixtureWindow_MatchesSklearnMacro()
    {
        var c = PerformanceFixtures.Expected.GetProperty("multiclass");
        var realized = RealizedPerformance.Multiclass(
            PerformanceFixtures.Ints(c.GetProperty("labels")),
            PerformanceFixtures.Ints(c.GetProperty("predicted")),
            PerformanceFixtures.Doubles(c.GetProperty("probabilities")),
            classCount: 3);
        Assert.Equal(200, realized.Count);
        Assert.Equal(c.GetProperty("accuracy").GetDouble(), realized.Accuracy, Tolerance);
        Assert.Equal(c.GetProperty("precision").GetDouble(), realized.Precision, Tolerance);
        Assert.Equal(c.GetProperty("recall").GetDouble(), realized.Recall, Tolerance);
        Assert.Equal(c.GetProperty("f1").GetDouble(), realized.F1, Tolerance);
        Assert.Equal(c.GetProperty("roc_auc").GetDouble(), realized.RocAuc, Tolerance);
    }

    [Fact]
    public void Regression_FixtureWindow_MatchesSklearn()
    {
        var c = PerformanceFixtures.Expected.GetProperty("regression");
        var realized = RealizedPerformance.Regression(
            PerformanceFixtures.Doubles(c.GetProperty("labels")), PerformanceFixtures.Doubles(c.GetProperty("predicted")));
        Assert.Equal(c.GetProperty("rmse").GetDouble(), realized.Rmse, Tolerance);
        Assert.Equal(c.GetProperty("mae").GetDouble(), realized.Mae, Tolerance);
    }

    [Fact]
    public void Binary_OneClassWindow_AucIsNaN()
    {
        var realized = RealizedPerformance.Binary([1, 1, 1], [1, 0, 1], [0.9, 0.4, 0.7]);
        Assert.True(double.IsNaN(realized.RocAuc));
        Assert.Equal(2.0 / 3, realized.Accuracy, Tolerance);
    }

    [Fact]
    public void Multiclass_MissingClass_AucIsNaN()
    {
        var realized = RealizedPerformance.Multiclass([0, 1, 0], [0, 1, 1], [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.4, 0.5, 0.1], classCount: 3);
        Assert.True(double.IsNaN(realized.RocAuc));
    }
}
