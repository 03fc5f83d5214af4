namespace Keel.Serving.Deployments;

/// <summary>
/// What one role's requests did under one revision: requests, errors, a latency histogram (p50/p95/p99) and, once
/// feedback arrives, a quality metric (e.g. 1/0 per correct/incorrect labelled prediction, a conversion, or a
/// continuous score) with its mean and variance. The server feeds it; the canary controller and the A/B report read
/// <see cref="Snapshot"/>.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="Record"/> is lock-free and allocation-free; <see cref="RecordQuality"/> takes a short lock
/// (feedback is far rarer than requests). A snapshot taken during writes may be off by the requests in flight.
/// </remarks>
public sealed class RoleMetrics
{
    private static readonly double[] Percentiles = [0.50, 0.95, 0.99];

    private readonly LatencyHistogram _latency = new();
    private readonly Lock _qualityGate = new();
    private long _requests;
    private long _errors;
    private long _latencyMicros;
    private long _qualityCount;
    private double _qualityMean;
    private double _qualityM2;

    /// <summary>Counts one request that took <paramref name="latencyMs"/> milliseconds and failed when <paramref name="error"/>.</summary>
    public void Record(double latencyMs, bool error)
    {
        Interlocked.Increment(ref _requests);
        if (error)
        {
            Interlocked.Increment(ref _errors);
        }
        _latency.Record(latencyMs);
        Interlocked.Add(ref _latencyMicros, double.IsFinite(latencyMs) && latencyMs > 0 ? (long)(latencyMs * 1000) : 0);
    }

    /// <summary>Adds one observation of the quality metric (NaN and infinities are ignored).</summary>
    public void RecordQuality(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }
        lock (_qualityGate)
        {
            // Welford's online update (Knuth, TAOCP vol. 2, 4.2.2): stable where sum-of-squares cancels.
            _qualityCount++;
            var delta = value - _qualityMean;
            _qualityMean += delta / _qualityCount;
            _qualityM2 += delta * (value - _qualityMean);
        }
    }

    /// <summary>The counts so far.</summary>
    public RoleMetricsSnapshot Snapshot()
    {
        Span<double> p = stackalloc double[Percentiles.Length];
        _latency.Quantiles(Percentiles, p);
        var requests = Interlocked.Read(ref _requests);
        long count;
        double mean, m2;
        lock (_qualityGate)
        {
            (count, mean, m2) = (_qualityCount, _qualityMean, _qualityM2);
        }
        return new RoleMetricsSnapshot(
            requests, Interlocked.Read(ref _errors), p[0], p[1], p[2],
            requests == 0 ? double.NaN : Interlocked.Read(ref _latencyMicros) / 1000.0 / requests,
            count, count == 0 ? double.NaN : mean, count < 2 ? double.NaN : m2 / (count - 1));
    }
}
