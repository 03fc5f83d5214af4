using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>A gauge family (see <see cref="Gauge"/>).</summary>
public sealed class GaugeFamily(string name, string help, IReadOnlyList<string> labelNames)
    : LabelledFamily<Gauge>(name, help, MetricType.Gauge, labelNames)
{
    /// <inheritdoc/>
    protected override Gauge CreateSeries() => new();

    /// <inheritdoc/>
    protected override void AppendSeries(StringBuilder text, IReadOnlyList<string> values, Gauge series) =>
        PrometheusText.AppendSample(text, Name, LabelNames, values, series.Value);

    /// <inheritdoc/>
    protected override void CollectSeries(List<MetricSample> samples, IReadOnlyList<string> values, Gauge series) =>
        samples.Add(new MetricSample(Name, LabelsOf(values), series.Value));
}
