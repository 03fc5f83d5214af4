using System.Globalization;
using System.Text;

namespace Keel.Monitoring.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats):
/// <c># HELP</c> and <c># TYPE</c> once per family, then one line per sample, <c>name{label="value",...} number</c>.
/// Label values escape backslash, double quote and line feed; help text escapes backslash and line feed; numbers are
/// written in invariant culture, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c> as the format spells them.
/// </summary>
public static class PrometheusText
{
    /// <summary>The Content-Type of a scrape answer in this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>True for a valid metric name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(string name) => IsName(name, colons: true);

    /// <summary>True for a valid label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, not starting with <c>__</c> (reserved).</summary>
    public static bool IsValidLabelName(string name) => IsName(name, colons: false) && !name.StartsWith("__", StringComparison.Ordinal);

    /// <summary>Appends the <c># HELP</c> and <c># TYPE</c> lines of a family.</summary>
    public static void AppendHeader(StringBuilder text, string name, string help, MetricType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
        text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');
    }

    /// <summary>
    /// Appends one sample line: <paramref name="name"/>, the labels <paramref name="names"/>=<paramref name="values"/>
    /// followed by the optional extra label (a histogram's <c>le</c>), and the value.
    /// </summary>
    public static void AppendSample(
        StringBuilder text, string name, IReadOnlyList<string> names, IReadOnlyList<string> values, double value, string? extraName = null, string? extraValue = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append(name);
        if (names.Count > 0 || extraName is not null)
        {
            text.Append('{');
            for (var i = 0; i < names.Count; i++)
            {
                AppendLabel(text, names[i], values[i], first: i == 0);
            }
            if (extraName is not null)
            {
                AppendLabel(text, extraName, extraValue!, first: names.Count == 0);
            }
            text.Append('}');
        }
        text.Append(' ').Append(FormatNumber(value)).Append('\n');
    }

    /// <summary>A number as the format writes it.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendLabel(StringBuilder text, string name, string value, bool first)
    {
        if (!first)
        {
            text.Append(',');
        }
        text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
        text.Append('"');
    }

    private static bool IsName(string name, bool colons)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (colons && c == ':') || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
