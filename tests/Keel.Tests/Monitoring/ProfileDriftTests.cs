using Keel.Data;
using Keel.Data.Profiles;
using Keel.Monitoring.Drift;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring;

/// <summary>
/// Drift from profiles against drift from the rows themselves (<see cref="DriftDetector"/>, which the SciPy fixtures
/// check): equal while the sketches are exact, within the sketch's rank error beyond.
/// </summary>
public sealed class ProfileDriftTests
{
    [Fact]
    public void Compare_SmallSamples_EqualsTheRowBasedStatisticsForEveryMethod()
    {
        var random = new Random(7);
        var reference = Data(random, 150, shift: 0);
        var current = Data(random, 120, shift: 0.4);

        foreach (var method in new[] { DriftMethod.Auto, DriftMethod.KolmogorovSmirnov, DriftMethod.Wasserstein, DriftMethod.Psi, DriftMethod.JensenShannon })
        {
            var options = new DriftOptions { Method = method };
            var expected = DriftDetector.Compare(reference, current, options);
            var actual = ProfileDrift.Compare(Profile(reference), Profile(current), options);

            Assert.Equal(expected.Features.Select(f => (f.Name, f.Method, f.Drift)), actual.Features.Select(f => (f.Name, f.Method, f.Drift)));
            foreach (var (e, a) in expected.Features.Zip(actual.Features))
            {
                Assert.Equal(e.Statistic, a.Statistic, 12);
                Assert.Equal(e.PValue ?? -1, a.PValue ?? -1, 12);
            }
        }
    }

    [Theory]
    [InlineData(DriftMethod.Wasserstein, 0.01)]
    [InlineData(DriftMethod.Psi, 0.01)]
    [InlineData(DriftMethod.JensenShannon, 0.01)]
    [InlineData(DriftMethod.KolmogorovSmirnov, 0.03)]
    public void Compare_LargeSamples_NumericWithinTheSketchErrorCategoricalExact(DriftMethod method, double tolerance)
    {
        var random = new Random(11);
        var reference = Data(random, 60_000, shift: 0);
        var current = Data(random, 40_000, shift: 0.15);
        var options = new DriftOptions { Method = method };

        var expected = DriftDetector.Compare(reference, current, options);
        var actual = ProfileDrift.Compare(Profile(reference), Profile(current), options);

        Assert.True(Profile(reference)["x"].Quantiles!.IsEstimationMode);
        var (ex, ax) = (expected.Features.Single(f => f.Name == "x"), actual.Features.Single(f => f.Name == "x"));
        Assert.True(Math.Abs(ex.Statistic - ax.Statistic) <= tolerance, $"{method}: exact {ex.Statistic}, from profiles {ax.Statistic}");
        Assert.Equal(ex.Method, ax.Method);
        var (ec, ac) = (expected.Features.Single(f => f.Name == "city"), actual.Features.Single(f => f.Name == "city"));
        Assert.Equal(ec.Statistic, ac.Statistic, 12);
        Assert.Equal((ec.Method, ec.Drift), (ac.Method, ac.Drift));
    }

    [Fact]
    public void Compare_AutoOnLargeReference_ChoosesWassersteinAndJensenShannonAndFindsTheShift()
    {
        var random = new Random(3);
        var report = ProfileDrift.Compare(Profile(Data(random, 50_000, 0)), Profile(Data(random, 20_000, 0.5)));

        Assert.Equal([("x", DriftMethod.Wasserstein, true), ("city", DriftMethod.JensenShannon, false), ("member", DriftMethod.JensenShannon, false)],
            report.Features.Select(f => (f.Name, f.Method, f.Drift)));
    }

    [Fact]
    public void Compare_TypeMismatch_NamesTheColumn()
    {
        var a = Profile(TestFrames.Of(TestFrames.Numeric("x", 1, 2, 3)));
        var b = Profile(TestFrames.Of(TestFrames.Categorical("x", "a", "b", "c")));

        var error = Assert.Throws<DriftInputException>(() => ProfileDrift.Compare(a, b));

        Assert.Contains("column 'x' is numeric in the reference but categorical", error.Message, StringComparison.Ordinal);
    }

    private static DatasetProfile Profile(Frame frame)
    {
        var builder = new ProfileBuilder(frame.Schema, ProfileOptions.Reference);
        builder.Add(frame);
        return builder.Build();
    }

    private static Frame Data(Random random, int rows, double shift)
    {
        var x = new double[rows];
        var city = new string?[rows];
        var member = new bool?[rows];
        string[] cities = ["Porto", "Braga", "Lisboa", "Faro"];
        for (var i = 0; i < rows; i++)
        {
            // Box-Muller: a normal with the given shift.
            x[i] = shift + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            city[i] = random.NextDouble() < 0.05 ? null : cities[random.Next(cities.Length)];
            member[i] = random.NextDouble() < 0.3;
        }
        return TestFrames.Of(TestFrames.Numeric("x", x), TestFrames.Categorical("city", city), TestFrames.Booleans("member", member));
    }
}
