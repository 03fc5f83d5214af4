using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>
/// The metrics one process exposes: families registered once by name, written together in the Prometheus text
/// format (sorted by name) for <c>GET /metrics</c>. Thread-safe.
/// </summary>
public sealed class MetricRegistry
{
    private readonly SortedDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Registers a counter family.</summary>
    /// <exception cref="ArgumentException">The name is taken or breaks the naming rules.</exception>
    public CounterFamily Counter(string name, string help, params string[] labelNames) => Add(new CounterFamily(name, help, labelNames));

    /// <summary>Registers a gauge family.</summary>
    /// <exception cref="ArgumentException">The name is taken or breaks the naming rules.</exception>
    public GaugeFamily Gauge(string name, string help, params string[] labelNames) => Add(new GaugeFamily(name, help, labelNames));

    /// <summary>Registers a histogram family with bucket upper bounds <paramref name="bounds"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken, breaks the naming rules, or the bounds are not ascending.</exception>
    public HistogramFamily Histogram(string name, string help, IReadOnlyList<double> bounds, params string[] labelNames) =>
        Add(new HistogramFamily(name, help, bounds, labelNames));

    /// <summary>Registers a family read at scrape time (see <see cref="CollectedFamily"/>).</summary>
    /// <exception cref="ArgumentException">The name is taken or breaks the naming rules.</exception>
    public CollectedFamily Collect(string name, string help, MetricType type, string[] labelNames, Func<IEnumerable<(string[] Values, double Value)>> collect) =>
        Add(new CollectedFamily(name, help, type, labelNames, collect));

    /// <summary>The families, by name.</summary>
    public IReadOnlyList<MetricFamily> Families
    {
        get
        {
            lock (_gate)
            {
                return [.. _families.Values];
            }
        }
    }

    /// <summary>Every family in the text exposition format, ending with a line feed.</summary>
    public string Exposition()
    {
        var text = new StringBuilder(4096);
        foreach (var family in Families)
        {
            family.AppendTo(text);
        }
        return text.ToString();
    }

    /// <summary>Every sample of every family now (what a scrape would read), for alert rules evaluated in the process.</summary>
    public IReadOnlyList<MetricSample> Samples()
    {
        var samples = new List<MetricSample>();
        foreach (var family in Families)
        {
            family.CollectSamples(samples);
        }
        return samples;
    }

    private T Add<T>(T family)
        where T : MetricFamily
    {
        lock (_gate)
        {
            if (!_families.TryAdd(family.Name, family))
            {
                throw new ArgumentException($"metric '{family.Name}' is registered already", nameof(family));
            }
        }
        return family;
    }
}
