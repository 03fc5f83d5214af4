using System.Globalization;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary>A metric logged per iteration (steps 1, 2, …), e.g. <c>train_loss</c> per boosting round.</summary>
internal sealed record MetricCurve(string Name, long[] Steps, double[] Values)
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    /// <summary>The curves among a run's metric points: the points at steps above 0, grouped by metric.</summary>
    public static Dictionary<string, MetricCurve> From(IEnumerable<MetricPoint> history) =>
        history.Where(p => p.Step > 0).GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new MetricCurve(g.Key, g.Select(p => p.Step).ToArray(), g.Select(p => p.Value).ToArray()),
            StringComparer.Ordinal);

    /// <summary><c>0.45 → 0.21 over 100 steps ▇▅▃▂▁</c>: first and last value, how many steps, and the shape.</summary>
    public string Summary(int width = 24) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{RunFormat.Number(Values[0])} → {RunFormat.Number(Values[^1])} over {Values.Length} step{(Values.Length == 1 ? "" : "s")} {Sparkline(width)}");

    /// <summary>
    /// One bar per bucket of consecutive values (their mean), at most <paramref name="width"/> bars, scaled from the
    /// curve's minimum to its maximum; NaN buckets are blank.
    /// </summary>
    public string Sparkline(int width = 24)
    {
        var buckets = Math.Min(width, Values.Length);
        var means = new double[buckets];
        for (var b = 0; b < buckets; b++)
        {
            int start = b * Values.Length / buckets, end = (b + 1) * Values.Length / buckets;
            var finite = Values[start..end].Where(double.IsFinite).ToArray();
            means[b] = finite.Length == 0 ? double.NaN : finite.Average();
        }
        var present = means.Where(double.IsFinite).ToArray();
        if (present.Length == 0)
        {
            return "";
        }
        double min = present.Min(), range = present.Max() - min;
        return string.Concat(means.Select(m => !double.IsFinite(m) ? ' '
            : range == 0 ? Bars[Bars.Length / 2]
            : Bars[(int)Math.Round((m - min) / range * (Bars.Length - 1))]));
    }
}
