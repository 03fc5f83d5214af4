namespace Keel.Serving.Deployments;

/// <summary>A role's metrics at one moment (see <see cref="RoleMetrics"/>). Latencies in milliseconds; NaN when undefined.</summary>
/// <param name="Requests">Requests answered.</param>
/// <param name="Errors">Requests that failed.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P95Ms">95th percentile latency.</param>
/// <param name="P99Ms">99th percentile latency.</param>
/// <param name="MeanMs">Mean latency.</param>
/// <param name="QualityCount">Observations of the quality metric (labelled outcomes).</param>
/// <param name="QualityMean">Their mean (for 1/0 outcomes, the proportion of successes).</param>
/// <param name="QualityVariance">Their sample variance (n − 1 in the denominator).</param>
public sealed record RoleMetricsSnapshot(
    long Requests, long Errors, double P50Ms, double P95Ms, double P99Ms, double MeanMs,
    long QualityCount, double QualityMean, double QualityVariance)
{
    /// <summary>No requests, no feedback.</summary>
    public static RoleMetricsSnapshot Empty { get; } = new(0, 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN);

    /// <summary>Errors over requests; 0 when there were none.</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    /// <summary>
    /// The names a deployment gate can use: <c>requests</c>, <c>errors</c>, <c>error_rate</c>, <c>p50_ms</c>,
    /// <c>p95_ms</c>, <c>p99_ms</c>, <c>mean_ms</c> (latencies only once there are requests), and <c>quality</c>,
    /// <c>labels</c> once feedback exists.
    /// </summary>
    public IReadOnlyDictionary<string, double> ToGateMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["requests"] = Requests,
            ["errors"] = Errors,
            ["error_rate"] = ErrorRate,
            ["labels"] = QualityCount,
        };
        if (Requests > 0)
        {
            metrics["p50_ms"] = P50Ms;
            metrics["p95_ms"] = P95Ms;
            metrics["p99_ms"] = P99Ms;
            metrics["mean_ms"] = MeanMs;
        }
        if (QualityCount > 0)
        {
            metrics["quality"] = QualityMean;
        }
        return metrics;
    }
}
