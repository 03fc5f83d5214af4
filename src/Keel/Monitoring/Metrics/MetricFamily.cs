using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>One named metric with its help text, type and label names, and all its labelled series.</summary>
public abstract class MetricFamily
{
    /// <summary>Checks the name and labels against the Prometheus naming rules.</summary>
    /// <exception cref="ArgumentException">An invalid name or label name, a counter not ending in <c>_total</c>, or a repeated label.</exception>
    protected MetricFamily(string name, string help, MetricType type, IReadOnlyList<string> labelNames)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(labelNames);
        if (!PrometheusText.IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)", nameof(name));
        }
        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"counter '{name}' must end in _total (Prometheus naming conventions)", nameof(name));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labelNames)
        {
            if (!PrometheusText.IsValidLabelName(label) || (type == MetricType.Histogram && label == "le") || !seen.Add(label))
            {
                throw new ArgumentException($"'{label}' cannot be a label of '{name}' (invalid, reserved or repeated)", nameof(labelNames));
            }
        }
        Name = name;
        Help = help;
        Type = type;
        LabelNames = [.. labelNames];
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>What it measures, in the base unit its name says.</summary>
    public string Help { get; }

    /// <summary>Its type.</summary>
    public MetricType Type { get; }

    /// <summary>The names of its labels, in the order values are given.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Appends the family in the text exposition format: header, then every series.</summary>
    public void AppendTo(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        PrometheusText.AppendHeader(text, Name, Help, Type);
        AppendSamples(text);
    }

    /// <summary>Appends every series' sample lines.</summary>
    protected abstract void AppendSamples(StringBuilder text);

    /// <summary>
    /// Adds every sample the exposition would show to <paramref name="samples"/> (a histogram's <c>_bucket</c> with
    /// <c>le</c>, <c>_sum</c> and <c>_count</c>), for alert rules evaluated in the process.
    /// </summary>
    public abstract void CollectSamples(List<MetricSample> samples);

    /// <summary>The labels of one series as a dictionary, with an optional extra label.</summary>
    protected Dictionary<string, string> LabelsOf(IReadOnlyList<string> values, string? extraName = null, string? extraValue = null)
    {
        var labels = new Dictionary<string, string>(LabelNames.Count + 1, StringComparer.Ordinal);
        for (var i = 0; i < LabelNames.Count; i++)
        {
            labels[LabelNames[i]] = values[i];
        }
        if (extraName is not null)
        {
            labels[extraName] = extraValue!;
        }
        return labels;
    }

    /// <summary>Checks that <paramref name="values"/> gives one value per label.</summary>
    protected void CheckLabelValues(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != LabelNames.Count)
        {
            throw new ArgumentException($"'{Name}' has labels ({string.Join(", ", LabelNames)}); got {values.Count} values", nameof(values));
        }
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
        }
    }
}
