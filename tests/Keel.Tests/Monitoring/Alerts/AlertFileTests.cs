using Keel.Monitoring.Alerts;

namespace Keel.Tests.Monitoring.Alerts;

public sealed class AlertFileTests
{
    internal const string Good = """
        rules:
          - name: high-drift
            metric: keel_feature_drift_score
            labels: {deployment: credit}
            condition: ">"
            fire: 0.2
            resolve: 0.15
            for: 10m
            severity: warning
            annotations: {summary: "feature drift above 0.2"}
          - name: low-auc
            metric: keel_model_auc
            condition: "<="
            fire: 0.7
            severity: critical
        slos:
          - name: credit-availability
            deployment: credit
            objective: 0.999
            windows: default
          - name: credit-custom
            deployment: credit
            objective: 0.99
            total: keel_requests_total
            errors: keel_request_errors_total
            windows:
              - {long: 1h, short: 5m, burn_rate: 10, severity: critical}
        grouping: {by: [alertname, deployment], wait: 30s, interval: 5m, repeat: 4h, cooldown: 10m}
        silences:
          - matchers: {alertname: high-drift}
            starts: 2026-05-01T08:00:00Z
            ends: 2026-05-01T12:00:00Z
            comment: planned retraining
        notifiers:
          - {type: webhook, url: "http://127.0.0.1:9000/hook"}
          - {type: slack, url: "https://hooks.example.test/T000/B000", retries: 1, timeout: 5s}
          - {type: alertmanager, url: "http://127.0.0.1:9093"}
        """;

    [Fact]
    public void Parse_GoodFile_ReadsEveryField()
    {
        var config = AlertFile.Parse(Good, "alerts.yaml");

        Assert.Equal(2, config.Rules.Count);
        var drift = config.Rules[0];
        Assert.Equal("high-drift", drift.Name);
        Assert.Equal("keel_feature_drift_score", drift.Metric);
        Assert.Equal("credit", drift.Matchers["deployment"]);
        Assert.Equal(AlertCondition.Above, drift.Condition);
        Assert.Equal(0.2, drift.Fire);
        Assert.Equal(0.15, drift.Resolve);
        Assert.Equal(TimeSpan.FromMinutes(10), drift.For);
        Assert.Equal(AlertSeverity.Warning, drift.Severity);
        Assert.Equal("feature drift above 0.2", drift.Annotations["summary"]);
        var auc = config.Rules[1];
        Assert.Equal(AlertCondition.AtOrBelow, auc.Condition);
        Assert.Equal(0.7, auc.Resolve);
        Assert.Equal(TimeSpan.Zero, auc.For);
        Assert.Equal(AlertSeverity.Critical, auc.Severity);

        Assert.Equal(0.999, config.Slos[0].Objective);
        Assert.Same(BurnRateWindow.Defaults, config.Slos[0].Windows);
        Assert.Equal("keel_inference_requests_total", config.Slos[0].ErrorsMetric);
        Assert.Equal("5..", config.Slos[0].ErrorLabels["code"]);
        Assert.Equal("keel_request_errors_total", config.Slos[1].ErrorsMetric);
        Assert.Empty(config.Slos[1].ErrorLabels);
        Assert.Equal([new BurnRateWindow(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 10, AlertSeverity.Critical)], config.Slos[1].Windows);

        Assert.Equal(["alertname", "deployment"], config.Grouping.By);
        Assert.Equal(new GroupingPolicy(config.Grouping.By, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4), TimeSpan.FromMinutes(10)), config.Grouping);
        var silence = Assert.Single(config.Silences);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero), silence.Starts);
        Assert.Equal("planned retraining", silence.Comment);
        Assert.Equal(["webhook", "slack", "alertmanager"], config.Notifiers.Select(n => n.Type));
        Assert.Equal(1, config.Notifiers[1].Retries);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Notifiers[1].Timeout);
        Assert.Equal(3, config.Notifiers[0].Retries);
    }

    [Fact]
    public void Parse_NoGrouping_UsesAlertmanagerDefaults()
    {
        var config = AlertFile.Parse("rules: [{name: a, metric: m, condition: '>', fire: 1}]", "a.yaml");

        Assert.Equal(GroupingPolicy.Default, config.Grouping);
    }

    [Theory]
    [InlineData(3, "metric: 9lives", 13, "'metric' must be a metric name")]
    [InlineData(4, "labels: [a, b]", 13, "'labels' must be a mapping of names to plain values")]
    [InlineData(5, "condition: \"==\"", 16, "'condition' must be one of >, >=, <, <=, got '=='")]
    [InlineData(6, "fire: high", 11, "'fire' must be a number, got 'high'")]
    [InlineData(7, "resolve: 0.3", 14, "'resolve' must be at or below 'fire' (0.2)")]
    [InlineData(8, "for: soon", 10, "'for' must be a positive duration such as 30s, 15m, 2h or 1d, got 'soon'")]
    [InlineData(9, "severity: urgent", 15, "'severity' must be one of info, warning, critical, got 'urgent'")]
    [InlineData(10, "colour: red", 5, "unknown field 'colour'; the fields of 'rules[1]' are: ")]
    public void Parse_BadRuleField_NamesLineColumnAndWhatWasExpected(int line, string replacement, int column, string expected)
    {
        string[] lines =
        [
            "rules:",
            "  - name: high-drift",
            "    metric: keel_feature_drift_score",
            "    labels: {deployment: credit}",
            "    condition: \">\"",
            "    fire: 0.2",
            "    resolve: 0.15",
            "    for: 10m",
            "    severity: warning",
            "    annotations: {summary: drift}",
        ];
        lines[line - 1] = "    " + replacement;

        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse(string.Join("\n", lines), "alerts.yaml"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith($"alerts.yaml:{line}:{column}: rules[1]: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneWithItsPlace()
    {
        const string text = """
            rules:
              - name: a
                metric: m
                condition: ">"
              - name: a
                metric: m
                condition: ">"
                fire: 1
            slos:
              - {name: s, deployment: credit, objective: 1.5}
            grouping: {by: alertname, wait: 30s}
            silences:
              - {matchers: {alertname: a}, starts: 2026-05-01T08:00:00Z, ends: 2026-05-01T07:00:00Z}
            notifiers:
              - {type: pager, url: "ftp://x"}
            extra: 1
            """;

        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse(text, "a.yaml"));

        Assert.Collection(ex.Errors,
            e => Assert.Equal("a.yaml:2:5: rules[1]: 'fire' is required", e),
            e => Assert.Equal("a.yaml:5:11: rules[2]: the name 'a' is already used by another rule or SLO; names must be unique", e),
            e => Assert.StartsWith("a.yaml:10:46: slos[1]: 'objective' is the target share of good requests and must be between 0 and 1", e, StringComparison.Ordinal),
            e => Assert.Equal("a.yaml:11:16: grouping: 'by' must be a list of label names, e.g. [alertname, deployment]", e),
            e => Assert.Equal("a.yaml:13:68: silences[1]: 'ends' must be after 'starts'", e),
            e => Assert.Equal("a.yaml:15:12: notifiers[1]: 'type' must be one of webhook, slack, alertmanager, got 'pager'", e),
            e => Assert.Equal("a.yaml:15:24: notifiers[1]: 'url' must be an absolute http or https URL, got 'ftp://x'", e),
            e => Assert.StartsWith("a.yaml:16:1: alerts: unknown field 'extra'; the fields of an alert rules file are: ", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadSloWindow_NamesTheSloAndTheWindow()
    {
        const string text = """
            slos:
              - name: s
                deployment: credit
                objective: 0.99
                windows:
                  - {long: 5m, short: 1h, burn_rate: 2}
            """;

        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse(text, "a.yaml"));

        Assert.Equal("a.yaml:6:27: slos[1].windows[1]: 'short' must be shorter than 'long'", Assert.Single(ex.Errors));
    }

    [Fact]
    public void Parse_BadErrorLabelPattern_IsReportedAtTheField()
    {
        const string text = "slos: [{name: s, deployment: d, objective: 0.99, error_labels: {code: '5(('}}]";

        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse(text, "a.yaml"));

        Assert.StartsWith("a.yaml:1:64: slos[1]: 'error_labels': 'code: 5((' is not a valid regular expression", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsWhereTheParserStopped()
    {
        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse("rules:\n  - name: [unclosed\n", "bad.yaml"));

        Assert.StartsWith("bad.yaml:3:1: invalid YAML: ", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoRulesNorSlos_IsAnError()
    {
        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse("grouping: {wait: 1m}", "empty.yaml"));

        Assert.Equal("empty.yaml:1:1: alerts: the file defines no 'rules' and no 'slos'", Assert.Single(ex.Errors));
    }

    [Fact]
    public void Parse_BelowConditionWithResolveUnderFire_IsRejected()
    {
        var ex = Assert.Throws<AlertFileException>(() => AlertFile.Parse("rules: [{name: a, metric: m, condition: '<', fire: 0.7, resolve: 0.6}]", "a.yaml"));

        Assert.Contains("'resolve' must be at or above 'fire' (0.7)", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }
}
