using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>A counter family (see <see cref="Counter"/>).</summary>
public sealed class CounterFamily(string name, string help, IReadOnlyList<string> labelNames)
    : LabelledFamily<Counter>(name, help, MetricType.Counter, labelNames)
{
    /// <inheritdoc/>
    protected override Counter CreateSeries() => new();

    /// <inheritdoc/>
    protected override void AppendSeries(StringBuilder text, IReadOnlyList<string> values, Counter series) =>
        PrometheusText.AppendSample(text, Name, LabelNames, values, series.Value);

    /// <inheritdoc/>
    protected override void CollectSeries(List<MetricSample> samples, IReadOnlyList<string> values, Counter series) =>
        samples.Add(new MetricSample(Name, LabelsOf(values), series.Value));
}
