using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Fills the two placeholders Prometheus alert annotations use most: <c>{{ $value }}</c> (the series' value,
/// 6 significant digits) and <c>{{ $labels.NAME }}</c> (a label's value, empty when absent). Anything else
/// between braces is left as written.
/// </summary>
internal static partial class AnnotationTemplate
{
    public static IReadOnlyDictionary<string, string> Expand(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string> labels, double value)
    {
        if (!annotations.Values.Any(v => v.Contains("{{", StringComparison.Ordinal)))
        {
            return annotations;
        }
        var expanded = new Dictionary<string, string>(annotations.Count, StringComparer.Ordinal);
        foreach (var (key, text) in annotations)
        {
            expanded[key] = Placeholder().Replace(text, match => match.Groups["label"].Success
                ? labels.GetValueOrDefault(match.Groups["label"].Value, "")
                : value.ToString("G6", CultureInfo.InvariantCulture));
        }
        return expanded;
    }

    [GeneratedRegex(@"\{\{\s*(?:\$value|\$labels\.(?<label>[a-zA-Z_][a-zA-Z0-9_]*))\s*\}\}")]
    private static partial Regex Placeholder();
}
