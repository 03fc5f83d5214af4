using Keel.Monitoring.Concept;

namespace Keel.Tests.Monitoring.Concept;

public sealed class DdmTests
{
    public static IEnumerable<object[]> Cases => ConceptFixtures.Indices("ddm");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Update_FixtureStream_MatchesRiverWarningAndDriftIndices(int index)
    {
        var c = ConceptFixtures.Case("ddm", index);
        var options = new DdmOptions();
        options = options with
        {
            WarmStart = (int)(ConceptFixtures.Option(c, "warm_start") ?? options.WarmStart),
            WarningThreshold = ConceptFixtures.Option(c, "warning_threshold") ?? options.WarningThreshold,
            DriftThreshold = ConceptFixtures.Option(c, "drift_threshold") ?? options.DriftThreshold,
        };
        var detector = new Ddm(options);
        var warnings = new List<int>();
        var drifts = new List<int>();
        var stream = ConceptFixtures.Stream(c.GetProperty("stream").GetString()!);
        for (var i = 0; i < stream.Length; i++)
        {
            var state = detector.Update(stream[i]);
            if (state == ConceptDriftState.Warning)
            {
                warnings.Add(i);
            }
            if (state == ConceptDriftState.Drift)
            {
                drifts.Add(i);
            }
        }
        Assert.Equal(ConceptFixtures.Ints(c.GetProperty("warnings")), warnings);
        Assert.Equal(ConceptFixtures.Ints(c.GetProperty("drifts")), drifts);
    }

    [Fact]
    public void Update_AbruptChangeAfterWarmStart_DetectsWithinBoundedDelay()
    {
        // Error rate 0.1 for 2000 predictions, then 0.5: DDM must react within a few hundred predictions.
        var rng = new Random(7);
        var detector = new Ddm();
        for (var i = 0; i < 2000; i++)
        {
            detector.Update(rng.NextDouble() < 0.1 ? 1 : 0);
        }
        var delay = -1;
        for (var i = 0; i < 1000 && delay < 0; i++)
        {
            if (detector.Update(rng.NextDouble() < 0.5 ? 1 : 0) == ConceptDriftState.Drift)
            {
                delay = i;
            }
        }
        Assert.InRange(delay, 0, 300);
    }

    [Fact]
    public void Update_AfterDrift_StartsAfresh()
    {
        var detector = new Ddm(new DdmOptions { WarmStart = 5 });
        foreach (var x in new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })
        {
            detector.Update(x);
        }
        // p_min = 0, s_min = 0: the first error is a drift.
        Assert.Equal(ConceptDriftState.Drift, detector.Update(1));
        Assert.Equal(ConceptDriftState.None, detector.Update(1));
        Assert.Equal(1, detector.Count);
        Assert.Equal(1.0, detector.ErrorRate);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(double.NaN)]
    public void Update_NotABit_Throws(double value) =>
        Assert.Throws<ArgumentException>(() => new Ddm().Update(value));
}
