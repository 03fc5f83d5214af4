using Keel.Monitoring.Concept;

namespace Keel.Tests.Monitoring.Concept;

public sealed class PageHinkleyTests
{
    public static IEnumerable<object[]> Cases => ConceptFixtures.Indices("page_hinkley");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Update_FixtureStream_MatchesRiverDetections(int index)
    {
        var c = ConceptFixtures.Case("page_hinkley", index);
        var defaults = new PageHinkleyOptions();
        var options = defaults with
        {
            Threshold = ConceptFixtures.Option(c, "threshold") ?? defaults.Threshold,
            Delta = ConceptFixtures.Option(c, "delta") ?? defaults.Delta,
            Direction = c.GetProperty("options").GetProperty("mode").GetString() switch
            {
                "up" => PageHinkleyDirection.Up,
                "down" => PageHinkleyDirection.Down,
                _ => PageHinkleyDirection.Both,
            },
        };
        var detector = new PageHinkley(options);
        var stream = ConceptFixtures.Stream(c.GetProperty("stream").GetString()!);
        var drifts = new List<int>();
        for (var i = 0; i < stream.Length; i++)
        {
            if (detector.Update(stream[i]) == ConceptDriftState.Drift)
            {
                drifts.Add(i);
            }
        }
        Assert.Equal(ConceptFixtures.Ints(c.GetProperty("drifts")), drifts);
    }

    [Fact]
    public void Update_ConstantStream_NeverDetects()
    {
        var detector = new PageHinkley(new PageHinkleyOptions { Threshold = 1 });
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(ConceptDriftState.None, detector.Update(3.0));
        }
    }

    [Fact]
    public void Update_StepUp_DetectsAfterAboutThresholdOverStep()
    {
        // Mean 0 then 1 (no noise): the increase statistic grows by about (1 − x̄ − δ) per value, so λ = 20 is
        // crossed a little after 20 values past the step (x̄ creeps up), and well before 40.
        var detector = new PageHinkley(new PageHinkleyOptions { Threshold = 20, Direction = PageHinkleyDirection.Up });
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(ConceptDriftState.None, detector.Update(0));
        }
        var delay = -1;
        for (var i = 0; i < 100 && delay < 0; i++)
        {
            if (detector.Update(1) == ConceptDriftState.Drift)
            {
                delay = i;
            }
        }
        Assert.InRange(delay, 20, 40);
    }

    [Fact]
    public void Update_Infinite_Throws() =>
        Assert.Throws<ArgumentException>(() => new PageHinkley().Update(double.PositiveInfinity));
}
