using Keel.Data;
using Keel.Data.Profiles;
using Keel.Learning;
using Keel.Monitoring.Windows;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Windows;

public sealed class DriftWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_CountTumbling_ClosesEveryNRowsAndSeesTheShift()
    {
        var random = new Random(1);
        var window = new DriftWindow(WindowSpec.Parse("1000"), Profile(Inputs(random, 5000, 0)), null);

        var results = new List<WindowResult>();
        for (var i = 0; i < 25; i++)
        {
            results.AddRange(window.Add(Inputs(random, 100, i < 20 ? 0 : 2), Scores(100), T0.AddSeconds(i)));
        }

        Assert.Equal([1000L, 1000L], results.Select(r => r.Rows));
        Assert.All(results, r => Assert.False(r.Drift.DatasetDrift));
        Assert.Equal(500, window.OpenRows);
        results.Clear();
        for (var i = 0; i < 5; i++)
        {
            results.AddRange(window.Add(Inputs(random, 100, 2), Scores(100), T0.AddMinutes(1)));
        }
        var shifted = Assert.Single(results);
        Assert.True(shifted.Drift.Features.Single(f => f.Name == "x").Drift);
        Assert.False(shifted.Drift.Features.Single(f => f.Name == "city").Drift);
    }

    [Fact]
    public void Add_CountSliding_EachStepClosesAWindowOfTheLastPanes()
    {
        var random = new Random(2);
        var window = new DriftWindow(WindowSpec.Parse("1000/250"), Profile(Inputs(random, 2000, 0)), null);

        // One batch larger than a pane is split across panes.
        var results = window.Add(Inputs(random, 1600, 0), Scores(1600), T0);

        Assert.Equal([250L, 500L, 750L, 1000L, 1000L, 1000L], results.Select(r => r.Rows));
        Assert.Equal(100, window.OpenRows);
    }

    [Fact]
    public void Add_TimeWindows_CloseAtTheirAlignedEndOnTheNextRowOrTick()
    {
        var random = new Random(3);
        var window = new DriftWindow(WindowSpec.Parse("1h"), Profile(Inputs(random, 2000, 0)), Profile(Scores(2000)));

        Assert.Empty(window.Add(Inputs(random, 300, 0), Scores(300), T0.AddMinutes(5)));
        Assert.Empty(window.Add(Inputs(random, 300, 0), Scores(300), T0.AddMinutes(59)));
        Assert.Empty(window.Tick(T0.AddMinutes(59)));
        var closed = Assert.Single(window.Add(Inputs(random, 100, 0), Scores(100), T0.AddMinutes(61)));
        var ticked = Assert.Single(window.Tick(T0.AddHours(2)));

        Assert.Equal((T0, T0.AddHours(1), 600L), (closed.Start, closed.End, closed.Rows));
        Assert.Equal((T0.AddHours(1), T0.AddHours(2), 100L), (ticked.Start, ticked.End, ticked.Rows));
        Assert.NotNull(closed.Drift.Prediction);
        Assert.Equal(PredictionColumn.Name, closed.Drift.Prediction!.Name);
    }

    [Theory]
    [InlineData("1000", false, 1000, 1000)]
    [InlineData("1000/250", false, 1000, 250)]
    [InlineData("1h/15m", true, 36_000_000_000, 9_000_000_000)]
    [InlineData("30s", true, 300_000_000, 300_000_000)]
    public void Parse_CountsAndDurations(string text, bool byTime, long size, long step) =>
        Assert.Equal(new WindowSpec(byTime, size, step), WindowSpec.Parse(text));

    [Theory]
    [InlineData("0", "neither a positive row count nor a duration")]
    [InlineData("1000/300", "the step must divide the size")]
    [InlineData("1h/100", "both be row counts or both durations")]
    [InlineData("5x", "neither a positive row count nor a duration")]
    public void Parse_Bad_SaysWhatWasExpected(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => WindowSpec.Parse(text)).Message, StringComparison.Ordinal);

    private static DatasetProfile Profile(Frame frame)
    {
        var builder = new ProfileBuilder(frame.Schema, ProfileOptions.Reference);
        builder.Add(frame);
        return builder.Build();
    }

    private static Frame Scores(int rows) =>
        TestFrames.Of(TestFrames.Numeric(PredictionColumn.Name, [.. Enumerable.Range(0, rows).Select(i => (i % 10) / 10.0)]));

    private static Frame Inputs(Random random, int rows, double shift)
    {
        string[] cities = ["Porto", "Braga", "Lisboa"];
        return TestFrames.Of(
            TestFrames.Numeric("x", [.. Enumerable.Range(0, rows).Select(_ => shift + random.NextDouble())]),
            TestFrames.Categorical("city", [.. Enumerable.Range(0, rows).Select(_ => cities[random.Next(3)])]));
    }
}
