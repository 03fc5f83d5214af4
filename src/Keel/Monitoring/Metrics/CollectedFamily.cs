using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>
/// A counter or gauge family whose series are read at scrape time from state kept elsewhere (a deployment's metrics,
/// the inference log's commit count, alert states): <paramref name="collect"/> yields each series' label values and
/// value. The callback must be thread-safe and quick.
/// </summary>
public sealed class CollectedFamily(
    string name, string help, MetricType type, IReadOnlyList<string> labelNames, Func<IEnumerable<(string[] Values, double Value)>> collect)
    : MetricFamily(name, help, CheckType(type), labelNames)
{
    private readonly Func<IEnumerable<(string[] Values, double Value)>> _collect = collect ?? throw new ArgumentNullException(nameof(collect));

    /// <inheritdoc/>
    protected override void AppendSamples(StringBuilder text)
    {
        foreach (var (values, value) in _collect())
        {
            CheckLabelValues(values);
            PrometheusText.AppendSample(text, Name, LabelNames, values, value);
        }
    }

    /// <inheritdoc/>
    public override void CollectSamples(List<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var (values, value) in _collect())
        {
            CheckLabelValues(values);
            samples.Add(new MetricSample(Name, LabelsOf(values), value));
        }
    }

    private static MetricType CheckType(MetricType type) => type is MetricType.Counter or MetricType.Gauge
        ? type
        : throw new ArgumentException("a collected family is a counter or a gauge", nameof(type));
}
