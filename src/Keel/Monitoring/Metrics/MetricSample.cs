namespace Keel.Monitoring.Metrics;

/// <summary>One value of one series at evaluation time: a metric name, its labels and the value.</summary>
/// <param name="Name">The metric name, e.g. <c>keel_feature_drift_score</c>.</param>
/// <param name="Labels">The series' labels; together with the name they identify the series.</param>
/// <param name="Value">The value; NaN counts as not past any threshold.</param>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A sample without labels.</summary>
    public MetricSample(string name, double value)
        : this(name, new Dictionary<string, string>(), value)
    {
    }

    /// <summary>Whether the sample's labels include every <paramref name="matchers"/> pair.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> matchers)
    {
        foreach (var (key, value) in matchers)
        {
            if (!Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
