using Keel.Monitoring.Drift;

namespace Keel.Tests.Monitoring;

/// <summary>
/// The one-pass binning of unsorted samples (<see cref="DriftBinning.BinnedShares"/>, what PSI and Jensen–Shannon use
/// on numeric columns) against the binning of sorted samples by binary search (<see cref="DriftBinning.Histogram"/>,
/// which the SciPy/numpy fixtures check): the same shares bit for bit, values on the edges included.
/// </summary>
public sealed class DriftBinningTests
{
    public static TheoryData<string> Cases => ["normal", "edges", "rounded", "wide", "negative-zero"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void BinnedShares_UnsortedSamples_EqualTheSortedHistogram(string kind)
    {
        var random = new Random(kind.Length);
        var (reference, current) = Samples(kind, random);
        var sortedReference = reference.Order().ToArray();
        var sortedCurrent = current.Order().ToArray();
        Assert.True(DriftBinning.HasMoreDistinct(reference, DriftBinning.MaxDistinctForValues));

        var (r, c) = DriftBinning.BinnedShares(reference, current);
        var edges = DriftBinning.SturgesEdges(sortedReference, sortedCurrent);

        Assert.Equal(DriftBinning.Histogram(sortedReference, edges), r);
        Assert.Equal(DriftBinning.Histogram(sortedCurrent, edges), c);
        var (sr, sc) = DriftBinning.Shares(sortedReference, sortedCurrent);
        Assert.Equal(sr, r);
        Assert.Equal(sc, c);
    }

    [Fact]
    public void HasMoreDistinct_CountsUpToTheLimit()
    {
        double[] twenty = [.. Enumerable.Range(0, 1000).Select(i => (double)(i % 20))];
        Assert.False(DriftBinning.HasMoreDistinct(twenty, 20));
        Assert.True(DriftBinning.HasMoreDistinct([.. twenty, 20.5], 20));
        Assert.False(DriftBinning.HasMoreDistinct([0.0, -0.0, 1.0], 2));
    }

    [Fact]
    public void Psi_LazySample_EqualsTheSortedPath()
    {
        var random = new Random(3);
        var reference = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var current = Enumerable.Range(0, 4000).Select(_ => random.NextDouble() * 1.1).ToArray();
        foreach (var method in new[] { DriftMethod.Psi, DriftMethod.JensenShannon })
        {
            var unsorted = DriftDetector.Run(FeatureSample.Numeric("x", reference, current), method);
            var sample = FeatureSample.Numeric("x", reference, current);
            _ = sample.SortedReference; // sorts both sides first: the binary-search path
            Assert.Equal(DriftDetector.Run(sample, method), unsorted);
        }
    }

    private static (double[] Reference, double[] Current) Samples(string kind, Random random)
    {
        switch (kind)
        {
            case "normal":
                return (Draw(random, 20_000, () => Normal(random)), Draw(random, 15_000, () => (Normal(random) * 1.2) + 0.3));
            case "edges":
                // Half the values exactly on the Sturges edges of [0, 1] with 30,000 values (16 bins), the extremes included.
                var edges = DriftBinning.SturgesEdges(0, 1, 30_000);
                double OnEdgeOrNot() => random.Next(2) == 0 ? edges[random.Next(edges.Length)] : random.NextDouble();
                var onEdges = Draw(random, 20_000, OnEdgeOrNot);
                onEdges[0] = 0;
                return (onEdges, [.. Draw(random, 9_999, OnEdgeOrNot), 1.0]);
            case "rounded":
                return (Draw(random, 10_000, () => Math.Round(random.NextDouble() * 3, 2)), Draw(random, 10_000, () => Math.Round(random.NextDouble() * 3.3, 2)));
            case "wide":
                return (Draw(random, 5_000, () => Math.Exp(Normal(random) * 8)), Draw(random, 5_000, () => -Math.Exp(Normal(random) * 8)));
            default:
                var zeros = Draw(random, 5_000, () => random.Next(100) - 50.0);
                zeros[1] = -0.0;
                return (zeros, Draw(random, 5_000, () => random.Next(3) == 0 ? -0.0 : random.Next(100) - 40.0));
        }
    }

    private static double[] Draw(Random random, int n, Func<double> next) => [.. Enumerable.Range(0, n).Select(_ => next())];

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
