using System.Globalization;
using System.Text.RegularExpressions;
using Keel.Data;
using YamlDotNet.RepresentationModel;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// Reads alert rules files (docs/alerts.md): threshold rules, SLOs, grouping, silences and notifiers. Every problem
/// is collected with its line and column and reported together as an <see cref="AlertFileException"/>.
/// </summary>
public static partial class AlertFile
{
    private static readonly string[] TopLevel = ["rules", "slos", "grouping", "silences", "notifiers"];
    private static readonly string[] Conditions = [">", ">=", "<", "<="];
    private static readonly string[] Severities = ["info", "warning", "critical"];
    private static readonly string[] NotifierTypes = ["webhook", "slack", "alertmanager"];

    /// <summary>Reads and checks an alert rules file.</summary>
    /// <exception cref="AlertFileException">Every problem found.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static AlertConfiguration Load(string path)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), Path.GetFileName(full));
    }

    /// <summary>Parses alert rules YAML; <paramref name="sourceName"/> names the file in messages.</summary>
    /// <exception cref="AlertFileException">Every problem found.</exception>
    public static AlertConfiguration Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var root = LoadRoot(text, sourceName, errors) ?? throw new AlertFileException(sourceName, errors);
        var top = new AlertFields(root, sourceName, "alerts", errors, TopLevel);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var rules = top.Items("rules", "a rule", (f, _) => ReadRule(f, names));
        var slos = top.Items("slos", "an SLO", (f, _) => ReadSlo(f, names));
        var grouping = ReadGrouping(top.Section("grouping", "grouping"));
        var silences = top.Items("silences", "a silence", (f, _) => ReadSilence(f));
        var notifiers = top.Items("notifiers", "a notifier", (f, _) => ReadNotifier(f));
        top.Finish();
        if (rules.Count == 0 && slos.Count == 0 && errors.Count == 0)
        {
            top.Error(top.Where, "the file defines no 'rules' and no 'slos'");
        }
        if (errors.Count > 0)
        {
            throw new AlertFileException(sourceName, errors);
        }
        return new AlertConfiguration { Rules = rules, Slos = slos, Grouping = grouping, Silences = silences, Notifiers = notifiers };
    }

    private static YamlMappingNode? LoadRoot(string text, string sourceName, List<string> errors) =>
        YamlDocuments.LoadRoot(text, sourceName, "expected a mapping with 'rules' and/or 'slos'", errors);

    private static AlertRule? ReadRule(AlertFields f, HashSet<string> names)
    {
        var name = Name(f, names);
        var metric = f.Text("metric", required: true);
        if (metric is not null && !MetricName().IsMatch(metric))
        {
            f.Error(f.SpotOf("metric"), $"'metric' must be a metric name (letters, digits, '_' and ':', not starting with a digit), got '{metric}'");
            metric = null;
        }
        var matchers = f.Scalars("labels") ?? new Dictionary<string, string>();
        var condition = f.Choice("condition", Conditions, required: true);
        var fire = f.Number("fire", required: true);
        var resolve = f.Number("resolve") ?? fire;
        var forDuration = NonNegativeDuration(f, "for") ?? TimeSpan.Zero;
        var severity = Severity(f, "severity") ?? AlertSeverity.Warning;
        var annotations = f.Scalars("annotations") ?? new Dictionary<string, string>();
        f.Finish();
        if (name is null || metric is null || condition is null || fire is null || resolve is null)
        {
            return null;
        }
        var rule = new AlertRule
        {
            Name = name,
            Metric = metric,
            Matchers = matchers,
            Condition = condition switch { ">" => AlertCondition.Above, ">=" => AlertCondition.AtOrAbove, "<" => AlertCondition.Below, _ => AlertCondition.AtOrBelow },
            Fire = fire.Value,
            Resolve = resolve.Value,
            For = forDuration,
            Severity = severity,
            Annotations = annotations,
        };
        if (resolve.Value != fire.Value && rule.IsPast(resolve.Value, fire.Value))
        {
            var side = rule.Condition is AlertCondition.Above or AlertCondition.AtOrAbove ? "at or below" : "at or above";
            f.Error(f.SpotOf("resolve"), $"'resolve' must be {side} 'fire' ({fire.Value.ToString(CultureInfo.InvariantCulture)}) so that an alert resolves only after the value has come back, got {resolve.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        return rule;
    }

    private static SloRule? ReadSlo(AlertFields f, HashSet<string> names)
    {
        var name = Name(f, names);
        var deployment = f.Text("deployment", required: true);
        var objective = f.Number("objective", required: true);
        if (objective is { } o && o is <= 0 or >= 1)
        {
            f.Error(f.SpotOf("objective"), $"'objective' is the target share of good requests and must be between 0 and 1 (exclusive), e.g. 0.999, got {o.ToString(CultureInfo.InvariantCulture)}");
            objective = null;
        }
        var total = f.Text("total", required: false) ?? SloRule.ServerRequests;
        var errors = f.Text("errors", required: false) ?? total;
        // Errors counted from the total counter need a filter; a counter of its own counts whole by default.
        var errorLabels = f.Scalars("error_labels") ?? (errors == total ? SloRule.ServerErrors : new Dictionary<string, string>());
        foreach (var (label, pattern) in errorLabels)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                f.Error(f.SpotOf("error_labels"), $"'error_labels': '{label}: {pattern}' is not a valid regular expression: {ex.Message}");
            }
        }
        var windows = ReadWindows(f);
        f.Finish();
        if (name is null || deployment is null || objective is null || windows is null)
        {
            return null;
        }
        return new SloRule { Name = name, Deployment = deployment, Objective = objective.Value, TotalMetric = total, ErrorsMetric = errors, ErrorLabels = errorLabels, Windows = windows };
    }

    private static IReadOnlyList<BurnRateWindow>? ReadWindows(AlertFields f)
    {
        switch (f.Raw("windows"))
        {
            case null:
            case YamlScalarNode { Value: "default" }:
                return BurnRateWindow.Defaults;
            case YamlSequenceNode:
                var windows = f.Items("windows", "a window pair", (w, _) => ReadWindow(w));
                return windows.Count > 0 ? windows : null;
            case var other:
                f.Error(f.Spot(other), "'windows' must be 'default' or a list of {long, short, burn_rate, severity}");
                return null;
        }
    }

    private static BurnRateWindow? ReadWindow(AlertFields f)
    {
        var longWindow = f.Duration("long");
        var shortWindow = f.Duration("short");
        var burnRate = f.Number("burn_rate", required: true);
        var severity = Severity(f, "severity") ?? AlertSeverity.Critical;
        if (longWindow is null)
        {
            f.Text("long", required: true);
        }
        if (shortWindow is null)
        {
            f.Text("short", required: true);
        }
        f.Finish();
        if (burnRate is { } b && b <= 0)
        {
            f.Error(f.SpotOf("burn_rate"), $"'burn_rate' must be above 0, got {b.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        if (longWindow is { } l && shortWindow is { } s && s >= l)
        {
            f.Error(f.SpotOf("short"), "'short' must be shorter than 'long'");
            return null;
        }
        return longWindow is null || shortWindow is null || burnRate is null ? null : new BurnRateWindow(longWindow.Value, shortWindow.Value, burnRate.Value, severity);
    }

    private static GroupingPolicy ReadGrouping(AlertFields? f)
    {
        var d = GroupingPolicy.Default;
        if (f is null)
        {
            return d;
        }
        var by = f.Names("by") ?? d.By;
        var wait = NonNegativeDuration(f, "wait") ?? d.Wait;
        var interval = f.Duration("interval") ?? d.Interval;
        var repeat = f.Duration("repeat") ?? d.Repeat;
        var cooldown = NonNegativeDuration(f, "cooldown") ?? d.Cooldown;
        f.Finish();
        return new GroupingPolicy(by, wait, interval, repeat, cooldown);
    }

    private static Silence? ReadSilence(AlertFields f)
    {
        var matchers = f.Scalars("matchers");
        if (matchers is null)
        {
            f.Text("matchers", required: true);
        }
        else if (matchers.Count == 0)
        {
            f.Error(f.SpotOf("matchers"), "'matchers' must name at least one label, or the silence would mute every alert");
        }
        var starts = Time(f, "starts");
        var ends = Time(f, "ends");
        var comment = f.Text("comment", required: false);
        f.Finish();
        if (starts is { } s && ends is { } e && e <= s)
        {
            f.Error(f.SpotOf("ends"), "'ends' must be after 'starts'");
            return null;
        }
        return matchers is null || matchers.Count == 0 || starts is null || ends is null ? null : new Silence(matchers, starts.Value, ends.Value, comment);
    }

    private static NotifierSpec? ReadNotifier(AlertFields f)
    {
        var type = f.Choice("type", NotifierTypes, required: true);
        var url = f.Text("url", required: true);
        Uri? uri = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            f.Error(f.SpotOf("url"), $"'url' must be an absolute http or https URL, got '{url}'");
            uri = null;
        }
        var timeout = f.Duration("timeout") ?? TimeSpan.FromSeconds(10);
        var retries = Retries(f);
        f.Finish();
        return type is null || uri is null || retries is null ? null : new NotifierSpec(type, uri, timeout, retries.Value);
    }

    private static int? Retries(AlertFields f)
    {
        var text = f.Text("retries", required: false);
        if (text is null)
        {
            return 3;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var retries) && retries <= 10)
        {
            return retries;
        }
        f.Error(f.SpotOf("retries"), $"'retries' must be a whole number from 0 to 10, got '{text}'");
        return null;
    }

    private static string? Name(AlertFields f, HashSet<string> names)
    {
        var name = f.Text("name", required: true);
        if (name is not null && !AlertName().IsMatch(name))
        {
            f.Error(f.SpotOf("name"), $"'name' must be letters, digits, '-', '_' or '.', starting with a letter, got '{name}'");
            return null;
        }
        if (name is not null && !names.Add(name))
        {
            f.Error(f.SpotOf("name"), $"the name '{name}' is already used by another rule or SLO; names must be unique");
        }
        return name;
    }

    private static AlertSeverity? Severity(AlertFields f, string field) => f.Choice(field, Severities) switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => null,
    };

    private static TimeSpan? NonNegativeDuration(AlertFields f, string field)
    {
        if (f.Text(field, required: false) is "0" or "0s")
        {
            return TimeSpan.Zero;
        }
        return f.Duration(field);
    }

    private static DateTimeOffset? Time(AlertFields f, string field)
    {
        var text = f.Text(field, required: true);
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Contains('T', StringComparison.Ordinal))
        {
            return time;
        }
        f.Error(f.SpotOf(field), $"'{field}' must be an ISO 8601 time such as 2026-05-01T08:00:00Z, got '{text}'");
        return null;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_.-]*$")]
    private static partial Regex AlertName();
}
