using Keel.Monitoring.Concept;

namespace Keel.Tests.Monitoring.Concept;

public sealed class AdwinTests
{
    public static IEnumerable<object[]> Cases => ConceptFixtures.Indices("adwin");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Update_FixtureStream_MatchesRiverDetectionsAndWindow(int index)
    {
        var c = ConceptFixtures.Case("adwin", index);
        var defaults = new AdwinOptions();
        var options = defaults with
        {
            Delta = ConceptFixtures.Option(c, "delta") ?? defaults.Delta,
            Clock = (int)(ConceptFixtures.Option(c, "clock") ?? defaults.Clock),
            ResetOnDrift = c.GetProperty("options").GetProperty("reset_on_drift").GetBoolean(),
        };
        var detector = new Adwin(options);
        var stream = ConceptFixtures.Stream(c.GetProperty("stream").GetString()!);
        var drifts = new List<int>();
        var widths = new List<int>();
        for (var i = 0; i < stream.Length; i++)
        {
            if (detector.Update(stream[i]) == ConceptDriftState.Drift)
            {
                drifts.Add(i);
                widths.Add((int)detector.Width);
            }
        }
        Assert.Equal(ConceptFixtures.Ints(c.GetProperty("drifts")), drifts);
        Assert.Equal(ConceptFixtures.Ints(c.GetProperty("widths_at_drift")), widths);
        Assert.Equal(c.GetProperty("final_width").GetInt64(), detector.Width);
        Assert.Equal(c.GetProperty("final_total").GetDouble(), detector.Total, 9);
        Assert.Equal(c.GetProperty("final_variance").GetDouble(), detector.Variance, 6);
    }

    [Fact]
    public void Update_LongStationaryBernoulli_RaisesNoFalseAlarm()
    {
        // δ = 0.002 bounds the false-positive probability of the whole run; 100 000 Bernoulli(0.1) errors with a
        // fixed seed must pass without a single detection.
        var rng = new Random(20261129);
        var detector = new Adwin();
        for (var i = 0; i < 100_000; i++)
        {
            Assert.Equal(ConceptDriftState.None, detector.Update(rng.NextDouble() < 0.1 ? 1 : 0));
        }
        Assert.Equal(100_000, detector.Width);
    }

    [Fact]
    public void Update_AbruptChange_DetectsWithinBoundedDelayAndForgetsOldData()
    {
        // Error rate 0.1 → 0.4 after 5000 values. ADWIN checks every 32 values; a shift of 0.3 over a window this
        // large needs a few dozen post-change values, so it must be seen within 300.
        var rng = new Random(11);
        var detector = new Adwin(new AdwinOptions { ResetOnDrift = false });
        for (var i = 0; i < 5000; i++)
        {
            Assert.Equal(ConceptDriftState.None, detector.Update(rng.NextDouble() < 0.1 ? 1 : 0));
        }
        var delay = -1;
        for (var i = 0; i < 300 && delay < 0; i++)
        {
            if (detector.Update(rng.NextDouble() < 0.4 ? 1 : 0) == ConceptDriftState.Drift)
            {
                delay = i;
            }
        }
        Assert.InRange(delay, 0, 299);
        // Keep feeding the new regime: the window sheds the old one and its mean approaches 0.4.
        for (var i = 0; i < 3000; i++)
        {
            detector.Update(rng.NextDouble() < 0.4 ? 1 : 0);
        }
        Assert.True(detector.Width < 5000, $"window still {detector.Width} wide");
        Assert.InRange(detector.Mean, 0.35, 0.45);
    }

    [Fact]
    public void Reset_AfterData_EmptiesWindow()
    {
        var detector = new Adwin();
        for (var i = 0; i < 100; i++)
        {
            detector.Update(i % 3);
        }
        detector.Reset();
        Assert.Equal(0, detector.Width);
        Assert.Equal(0, detector.Mean);
    }

    [Fact]
    public void Constructor_DeltaOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adwin(new AdwinOptions { Delta = 1.5 }));
}
