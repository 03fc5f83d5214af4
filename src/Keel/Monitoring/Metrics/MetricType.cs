namespace Keel.Monitoring.Metrics;

/// <summary>The Prometheus metric types Keel exposes (text exposition format 0.0.4, <c># TYPE</c> line).</summary>
public enum MetricType
{
    /// <summary>A value that only goes up (name ends in <c>_total</c>).</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Observations counted into cumulative buckets, with their sum and count.</summary>
    Histogram,
}
