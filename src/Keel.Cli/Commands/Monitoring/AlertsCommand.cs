using System.CommandLine;
using System.Globalization;
using Keel.Monitoring.Alerts;

namespace Keel.Cli.Commands;

/// <summary><c>keel alerts check FILE</c>: validates an alert rules file and prints what it defines.</summary>
internal static class AlertsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("alerts", """
            Alert rules for deployed models: threshold rules with hysteresis and a 'for' duration, SLOs with
            multi-window burn-rate alerts, grouping, silences and notifiers (webhook, Slack, Alertmanager).
            The file format is described in docs/alerts.md.

            Examples:
              keel alerts check examples/credit-risk/alerts.yaml
            """);
        command.Subcommands.Add(Check(context));
        return command;
    }

    private static Command Check(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The alert rules file (YAML)" };
        var json = CommonOptions.Json();
        var command = new Command("check", """
            Check an alert rules file: every problem is reported with its line and column (unknown fields, wrong
            types, bad thresholds or durations, a resolve threshold on the wrong side of the fire one, bad silences
            or notifier URLs). When valid, lists the rules, SLO windows, grouping, silences and notifiers.
            Exits 0 when valid, 2 when not (or when the file cannot be read).

            Examples:
              keel alerts check alerts.yaml
              keel alerts check alerts.yaml --json
            """) { file, json };
        command.SetAction(result =>
        {
            var given = result.GetValue(file)!;
            var path = context.FullPath(given);
            if (!File.Exists(path))
            {
                throw new UserException($"alert rules file '{path}' does not exist");
            }
            AlertConfiguration? config = null;
            IReadOnlyList<string> errors = [];
            try
            {
                config = AlertFile.Load(path);
            }
            catch (AlertFileException ex)
            {
                errors = ex.Errors;
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(Json(path, config, errors));
            }
            else if (config is not null)
            {
                Print(context.Terminal.Stdout, given, config);
            }
            else
            {
                foreach (var error in errors)
                {
                    context.Terminal.Stdout.WriteLine(error);
                }
                context.Terminal.Note($"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} found");
            }
            return config is null ? ExitCodes.UsageOrInput : ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(TextWriter output, string file, AlertConfiguration config)
    {
        output.WriteLine($"{file}: valid: {Count(config.Rules.Count, "rule")}, {Count(config.Slos.Count, "SLO")}, {Count(config.Silences.Count, "silence")}, {Count(config.Notifiers.Count, "notifier")}");
        foreach (var rule in config.Rules)
        {
            output.WriteLine($"  rule {rule.Name}: {Describe(rule)}");
        }
        foreach (var slo in config.Slos)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  slo {slo.Name}: {slo.Objective:0.#####} of {slo.Deployment}'s requests good (errors: {slo.ErrorsMetric}{AlertLabels.Format(slo.ErrorLabels).Replace("=\"", "=~\"", StringComparison.Ordinal)} / {slo.TotalMetric})"));
            foreach (var window in slo.Windows)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {AlertLabels.Text(window.Severity)} when burning > {window.BurnRate}x over both {AlertText.Duration(window.Long)} and {AlertText.Duration(window.Short)}"));
            }
        }
        var g = config.Grouping;
        output.WriteLine($"  grouping by [{string.Join(", ", g.By)}]: wait {AlertText.Duration(g.Wait)}, interval {AlertText.Duration(g.Interval)}, repeat {AlertText.Duration(g.Repeat)}, cooldown {AlertText.Duration(g.Cooldown)}");
        foreach (var silence in config.Silences)
        {
            output.WriteLine($"  silence {AlertLabels.Format(silence.Matchers)} from {silence.Starts:u} to {silence.Ends:u}{(silence.Comment is null ? "" : ": " + silence.Comment)}");
        }
        foreach (var notifier in config.Notifiers)
        {
            output.WriteLine($"  notifier {notifier.Type} {notifier.Url}");
        }
    }

    private static string Describe(AlertRule rule)
    {
        var condition = AlertText.Operator(rule.Condition);
        var matchers = rule.Matchers.Count == 0 ? "" : AlertLabels.Format(rule.Matchers);
        var text = string.Create(CultureInfo.InvariantCulture, $"{rule.Metric}{matchers} {condition} {rule.Fire}");
        if (rule.Resolve != rule.Fire)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (resolves at {rule.Resolve})");
        }
        if (rule.For > TimeSpan.Zero)
        {
            text += $" for {AlertText.Duration(rule.For)}";
        }
        return text + $", {AlertLabels.Text(rule.Severity)}";
    }

    private static object Json(string path, AlertConfiguration? config, IReadOnlyList<string> errors) => new
    {
        file = path,
        valid = config is not null,
        errors,
        rules = config?.Rules.Select(r => new
        {
            name = r.Name,
            metric = r.Metric,
            labels = r.Matchers,
            condition = AlertText.Operator(r.Condition),
            fire = r.Fire,
            resolve = r.Resolve,
            for_seconds = r.For.TotalSeconds,
            severity = AlertLabels.Text(r.Severity),
            annotations = r.Annotations,
        }),
        slos = config?.Slos.Select(s => new
        {
            name = s.Name,
            deployment = s.Deployment,
            objective = s.Objective,
            total = s.TotalMetric,
            errors = s.ErrorsMetric,
            error_labels = s.ErrorLabels,
            windows = s.Windows.Select(w => new { long_seconds = w.Long.TotalSeconds, short_seconds = w.Short.TotalSeconds, burn_rate = w.BurnRate, severity = AlertLabels.Text(w.Severity) }),
        }),
        grouping = config is null ? null : new
        {
            by = config.Grouping.By,
            wait_seconds = config.Grouping.Wait.TotalSeconds,
            interval_seconds = config.Grouping.Interval.TotalSeconds,
            repeat_seconds = config.Grouping.Repeat.TotalSeconds,
            cooldown_seconds = config.Grouping.Cooldown.TotalSeconds,
        },
        silences = config?.Silences.Select(s => new { matchers = s.Matchers, starts = s.Starts, ends = s.Ends, comment = s.Comment }),
        notifiers = config?.Notifiers.Select(n => new { type = n.Type, url = n.Url.ToString(), timeout_seconds = n.Timeout.TotalSeconds, retries = n.Retries }),
    };

    private static string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
}
