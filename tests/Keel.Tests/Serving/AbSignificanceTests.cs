using System.Text.Json;
using Keel.Serving.Deployments;

namespace Keel.Tests.Serving;

public sealed class AbSignificanceTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine("Fixtures", "serving", "ab_significance.json"))).RootElement;

    public static TheoryData<string> WelchCases() => Names("welch");

    public static TheoryData<string> ProportionCases() => Names("proportions");

    [Theory]
    [MemberData(nameof(WelchCases))]
    public void WelchT_RawSamplesThroughRoleMetrics_MatchesScipy(string name)
    {
        var c = Case("welch", name);
        var a = new RoleMetrics();
        var b = new RoleMetrics();
        foreach (var x in c.GetProperty("a").EnumerateArray())
        {
            a.RecordQuality(x.GetDouble());
        }
        foreach (var x in c.GetProperty("b").EnumerateArray())
        {
            b.RecordQuality(x.GetDouble());
        }

        var result = AbSignificance.WelchT(a.Snapshot(), b.Snapshot());

        AssertClose(c.GetProperty("t").GetDouble(), result.Statistic, 1e-9);
        AssertClose(c.GetProperty("df").GetDouble(), result.DegreesOfFreedom, 1e-9);
        AssertClose(c.GetProperty("p_value").GetDouble(), result.PValue, 1e-8);
    }

    [Theory]
    [MemberData(nameof(ProportionCases))]
    public void TwoProportionZ_Counts_MatchesScipy(string name)
    {
        var c = Case("proportions", name);

        var result = AbSignificance.TwoProportionZ(
            c.GetProperty("successes_a").GetInt64(), c.GetProperty("trials_a").GetInt64(),
            c.GetProperty("successes_b").GetInt64(), c.GetProperty("trials_b").GetInt64());

        AssertClose(c.GetProperty("z").GetDouble(), result.Statistic, 1e-12);
        AssertClose(c.GetProperty("p_value").GetDouble(), result.PValue, 1e-9);
    }

    [Fact]
    public void TwoProportionZ_FromQualityOutcomes_EqualsTheCountForm()
    {
        var a = new RoleMetrics();
        var b = new RoleMetrics();
        for (var i = 0; i < 2000; i++)
        {
            a.RecordQuality(i < 200 ? 1 : 0);
            b.RecordQuality(i < 300 ? 1 : 0);
        }

        var fromMetrics = AbSignificance.TwoProportionZ(a.Snapshot(), b.Snapshot());
        var fromCounts = AbSignificance.TwoProportionZ(200, 2000, 300, 2000);

        Assert.Equal(fromCounts.Statistic, fromMetrics.Statistic, 12);
        Assert.Equal(fromCounts.PValue, fromMetrics.PValue, 15);
        Assert.True(fromMetrics.IsSignificant());
    }

    [Fact]
    public void Tests_Degenerate_AreNaNNotSignificant()
    {
        var empty = AbSignificance.TwoProportionZ(0, 0, 5, 10);
        var allSame = AbSignificance.TwoProportionZ(10, 10, 20, 20);
        var tooFew = AbSignificance.WelchT(1, 0.5, 1, 2, 0.5, 10);
        var noVariance = AbSignificance.WelchT(1, 0, 10, 1, 0, 10);

        Assert.All(new[] { empty, allSame, tooFew, noVariance }, r =>
        {
            Assert.True(double.IsNaN(r.PValue));
            Assert.False(r.IsSignificant());
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => AbSignificance.TwoProportionZ(11, 10, 1, 10));
    }

    private static void AssertClose(double expected, double actual, double relative)
    {
        var tolerance = relative * Math.Max(Math.Abs(expected), double.Epsilon);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (relative tolerance {relative})");
    }

    private static JsonElement Case(string group, string name) =>
        Fixture.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.GetProperty(group).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }
}
