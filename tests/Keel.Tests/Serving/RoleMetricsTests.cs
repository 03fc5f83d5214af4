using Keel.Serving.Deployments;

namespace Keel.Tests.Serving;

public sealed class RoleMetricsTests
{
    [Fact]
    public void Snapshot_LatencyPercentiles_WithinOneBucketOfTheExactSamplePercentiles()
    {
        var metrics = new RoleMetrics();
        var random = new Random(3);
        var samples = new double[50_000];
        for (var i = 0; i < samples.Length; i++)
        {
            // Log-normal around 20 ms with a long tail, like real latencies.
            samples[i] = Math.Exp(3 + (0.6 * Normal(random)));
            metrics.Record(samples[i], error: i % 50 == 0);
        }
        Array.Sort(samples);

        var snapshot = metrics.Snapshot();

        Assert.Equal(50_000, snapshot.Requests);
        Assert.Equal(1_000, snapshot.Errors);
        Assert.Equal(0.02, snapshot.ErrorRate, 12);
        Assert.Equal(samples[24_999], snapshot.P50Ms, samples[24_999] * 0.04);
        Assert.Equal(samples[47_499], snapshot.P95Ms, samples[47_499] * 0.04);
        Assert.Equal(samples[49_499], snapshot.P99Ms, samples[49_499] * 0.04);
        Assert.Equal(samples.Average(), snapshot.MeanMs, 0.01);
    }

    [Fact]
    public void Snapshot_Nothing_IsNaNAndGateMetricsOmitLatency()
    {
        var snapshot = new RoleMetrics().Snapshot();

        Assert.True(double.IsNaN(snapshot.P99Ms));
        Assert.Equal(0, snapshot.ErrorRate);
        var gate = snapshot.ToGateMetrics();
        Assert.False(gate.ContainsKey("p99_ms"));
        Assert.False(gate.ContainsKey("quality"));
        Assert.Equal(0, gate["requests"]);
    }

    [Fact]
    public void RecordQuality_MeanAndSampleVariance()
    {
        var metrics = new RoleMetrics();
        foreach (var value in new[] { 2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0 })
        {
            metrics.RecordQuality(value);
        }
        metrics.RecordQuality(double.NaN);

        var snapshot = metrics.Snapshot();

        Assert.Equal(8, snapshot.QualityCount);
        Assert.Equal(5.0, snapshot.QualityMean, 12);
        Assert.Equal(32.0 / 7, snapshot.QualityVariance, 12);
        Assert.Equal(5.0, snapshot.ToGateMetrics()["quality"], 12);
    }

    [Fact]
    public async Task Record_ConcurrentWriters_LoseNoCount()
    {
        var metrics = new RoleMetrics();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                metrics.Record(5.0, error: i % 10 == 0);
                if (i % 100 == 0)
                {
                    metrics.RecordQuality(1.0);
                }
            }
        })));

        var snapshot = metrics.Snapshot();
        Assert.Equal(200_000, snapshot.Requests);
        Assert.Equal(20_000, snapshot.Errors);
        Assert.Equal(2_000, snapshot.QualityCount);
        Assert.Equal(5.0, snapshot.P50Ms, 0.2);
    }

    [Fact]
    public void Record_ManyRequests_AllocatesNothing()
    {
        var metrics = new RoleMetrics();
        metrics.Record(1, false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            metrics.Record(i * 0.37, i % 7 == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
