using System.Globalization;

namespace Keel.Monitoring.Alerts;

/// <summary>Label-set helpers shared by the evaluator, the dispatcher and the notifiers.</summary>
public static class AlertLabels
{
    /// <summary>The label that carries the rule name (as in Prometheus).</summary>
    public const string AlertName = "alertname";

    /// <summary>The label that carries the severity.</summary>
    public const string Severity = "severity";

    /// <summary>
    /// A stable 64-bit FNV-1a hash of the label set, as 16 lowercase hex digits: labels are taken in ordinal order of
    /// their names, each name and value followed by a 0xFF separator (which UTF-16 text never contains as a char).
    /// </summary>
    public static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        const ulong offset = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offset;
        foreach (var key in labels.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var part in (ReadOnlySpan<string>)[key, labels[key]])
            {
                foreach (var c in part)
                {
                    hash = (hash ^ c) * prime;
                }
                hash = (hash ^ 0xFF) * prime;
            }
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The labels as one text, <c>{a="1", b="2"}</c>, sorted by name: a readable and unique key.</summary>
    public static string Format(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=\"{p.Value}\"")) + "}";

    /// <summary>The severity as its label value.</summary>
    public static string Text(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        _ => "critical",
    };
}
