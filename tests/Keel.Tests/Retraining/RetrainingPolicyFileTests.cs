using Keel.Retraining;

namespace Keel.Tests.Retraining;

public sealed class RetrainingPolicyFileTests
{
    internal const string Full = """
        deployment: credit
        pipeline: examples/credit-risk/pipeline.yaml
        triggers:
          - {type: alert, name: high-drift}
          - {type: performance, metric: accuracy, below: 0.75, min_labels: 200}
          - {type: performance, metric: rmse, above: 3.5}
          - {type: schedule, cron: "0 0 3 * * ?", time_zone: Europe/Paris}
          - {type: labels, new: 5000}
        data:
          include_feedback: false
          window: 14d
          holdout: 0.25
        guardrails:
          max_per_day: 3
          min_new_rows: 1000
          cooldown: 6h
          gate: "auc >= champion.auc + 0.005"
          approval: required
        release:
          shadow: 1h
          shadow_fraction: 0.5
          canary: {steps: [10, 50, 100], step_duration: 30m, rollback: "error_rate > 0.02", promote: "error_rate <= 0.01", quality: "quality >= stable.quality - 0.01", min_labels: 150, min_requests: 40}
        """;

    private const string Minimal = """
        deployment: credit
        pipeline: p.yaml
        triggers:
          - {type: labels, new: 10}

        """;

    [Fact]
    public void Parse_FullFile_ReadsEveryField()
    {
        var policy = RetrainingPolicyFile.Parse(Full, "retraining.yaml");

        Assert.Equal("credit", policy.Deployment);
        Assert.Equal("examples/credit-risk/pipeline.yaml", policy.Pipeline);
        Assert.Equal(5, policy.Triggers.Count);
        Assert.Equal(new AlertTrigger("high-drift"), policy.Triggers[0]);
        Assert.Equal(new PerformanceTrigger("accuracy", 0.75, null, 200), policy.Triggers[1]);
        Assert.Equal(new PerformanceTrigger("rmse", null, 3.5, 100), policy.Triggers[2]);
        var schedule = Assert.IsType<ScheduleTrigger>(policy.Triggers[3]);
        Assert.Equal("0 0 3 * * ?", schedule.Cron);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), schedule.TimeZone);
        Assert.Equal(new LabelsTrigger(5000), policy.Triggers[4]);
        Assert.Equal(new RetrainingData(false, TimeSpan.FromDays(14), 0.25), policy.Data);
        var g = policy.Guardrails;
        Assert.Equal(3, g.MaxPerDay);
        Assert.Equal(1000, g.MinNewRows);
        Assert.Equal(TimeSpan.FromHours(6), g.Cooldown);
        Assert.Equal("auc >= champion.auc + 0.005", g.Gate!.Text);
        Assert.Equal(ApprovalMode.Required, g.Approval);
        Assert.Equal(TimeSpan.FromHours(1), policy.Release.Shadow);
        Assert.Equal(0.5, policy.Release.ShadowFraction);
        var canary = policy.CanaryParameters()!;
        Assert.Equal([10.0, 50.0, 100.0], canary.CanarySteps);
        Assert.Equal(0, canary.CanaryStep);
        Assert.Equal(TimeSpan.FromMinutes(30), canary.StepDuration);
        Assert.Equal("error_rate > 0.02", canary.RollbackGate);
        Assert.Equal("error_rate <= 0.01", canary.PromoteGate);
        Assert.Equal("quality >= stable.quality - 0.01", canary.QualityGate);
        Assert.Equal(150, canary.MinLabels);
        Assert.Equal(40, canary.MinRequests);
    }

    [Fact]
    public void Parse_MinimalFile_UsesTheDocumentedDefaults()
    {
        var policy = RetrainingPolicyFile.Parse(Minimal, "r.yaml");

        Assert.Equal(RetrainingData.Default, policy.Data);
        Assert.Equal(new RetrainingData(true, TimeSpan.FromDays(30), 0.2), policy.Data);
        Assert.Equal(RetrainingGuardrails.Default, policy.Guardrails);
        Assert.Null(policy.Guardrails.Gate);
        Assert.Null(policy.Release.Shadow);
        var canary = policy.CanaryParameters()!;
        Assert.Equal(new Keel.Serving.Deployments.DeploymentParameters().CanarySteps, canary.CanarySteps);
        Assert.Null(canary.PromoteGate);
    }

    [Fact]
    public void Parse_ReleaseWithShadowOnly_HasNoCanaryParameters()
    {
        var policy = RetrainingPolicyFile.Parse(Minimal + "release: {shadow: 2h}\n", "r.yaml");

        Assert.Equal(TimeSpan.FromHours(2), policy.Release.Shadow);
        Assert.Null(policy.CanaryParameters());
    }

    [Fact]
    public void Load_CreditRiskExample_IsValid()
    {
        var policy = RetrainingPolicyFile.Load(Path.Combine(RepositoryRoot(), "examples", "credit-risk", "retraining.yaml"));

        Assert.Equal("credit", policy.Deployment);
        Assert.Equal(4, policy.Triggers.Count);
        Assert.NotNull(policy.Guardrails.Gate);
        Assert.NotNull(policy.CanaryParameters());
    }

    [Theory]
    [InlineData("deployment: credit\ntriggers: [{type: labels, new: 1}]\n", "r.yaml:1:1: policy: 'pipeline' is required")]
    [InlineData("deployment: credit\npipeline: p.yaml\n", "r.yaml:1:1: policy: 'triggers' is required")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers: []\n", "r.yaml:3:11: policy: 'triggers' is empty")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers: alert\n", "r.yaml:3:11: policy: 'triggers' must be a list of a trigger")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: webhook}\n", "r.yaml:4:12: triggers[1]: 'type' must be one of alert, performance, schedule, labels, got 'webhook'")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: alert}\n", "r.yaml:4:5: triggers[1]: 'name' is required")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: labels, new: 0}\n", "r.yaml:4:25: triggers[1]: 'new' must be a whole number of at least 1, got '0'")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: labels, new: 5, colour: red}\n", "r.yaml:4:28: triggers[1]: unknown field 'colour'")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: performance, metric: roc_auc}\n", "r.yaml:4:5: triggers[1]: a performance trigger needs exactly one of 'below'")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: performance, metric: roc_auc, below: 0.7, above: 0.9}\n", "r.yaml:4:5: triggers[1]: a performance trigger needs exactly one of 'below'")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: performance, metric: auc, below: 0.7}\n", "r.yaml:4:33: triggers[1]: unknown realized metric 'auc'; the live monitor reports accuracy, precision, recall, f1, roc_auc, rmse, mae")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: schedule, cron: \"0 0 3 * *\"}\n", "r.yaml:4:28: triggers[1]: cron '0 0 3 * *' is not a valid Quartz cron expression")]
    [InlineData("deployment: credit\npipeline: p.yaml\ntriggers:\n  - {type: schedule, cron: \"0 0 3 * * ?\", time_zone: Mars/Olympus}\n", "r.yaml:4:54: triggers[1]: unknown time zone 'Mars/Olympus'")]
    public void Parse_BadTriggerOrTopLevel_ReportsLineAndColumn(string text, string expected)
    {
        var errors = Errors(text);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("data: {holdout: 1.5}", "r.yaml:5:17: data: 'holdout' is the share of recent labelled rows")]
    [InlineData("data: {window: soon}", "r.yaml:5:16: data: 'window' must be a positive duration")]
    [InlineData("data: {include_feedback: maybe}", "r.yaml:5:26: data: 'include_feedback' must be true or false, got 'maybe'")]
    [InlineData("guardrails: {max_per_day: 0}", "r.yaml:5:27: guardrails: 'max_per_day' must be a whole number of at least 1, got '0'")]
    [InlineData("guardrails: {min_new_rows: -5}", "r.yaml:5:28: guardrails: 'min_new_rows' must be a whole number of at least 0")]
    [InlineData("guardrails: {cooldown: -1h}", "r.yaml:5:24: guardrails: 'cooldown' must be a positive duration")]
    [InlineData("guardrails: {approval: maybe}", "r.yaml:5:24: guardrails: 'approval' must be one of automatic, required, got 'maybe'")]
    [InlineData("guardrails: {gate: \"stable.auc < auc\"}", "r.yaml:5:20: guardrails: 'gate' refers to 'stable.'; it can compare only with 'champion.'")]
    [InlineData("release: {}", "r.yaml:5:10: release: 'release' needs 'shadow', 'canary' or both")]
    [InlineData("release: {shadow: 0s}", "r.yaml:5:19: release: 'shadow' must be a positive duration")]
    [InlineData("release: {shadow: 1h, shadow_fraction: 2}", "r.yaml:5:40: release: 'shadow_fraction' is the share of requests mirrored and must be in (0, 1], got 2")]
    [InlineData("release: {canary: {steps: [10, 5, 100]}}", "r.yaml:5:32: release.canary: 'steps' must increase strictly within (0, 100], got 5 after 10")]
    [InlineData("release: {canary: {steps: [0, 100]}}", "r.yaml:5:28: release.canary: 'steps' must increase strictly within (0, 100], got 0 after nothing")]
    [InlineData("release: {canary: {steps: [10, 50]}}", "r.yaml:5:32: release.canary: 'steps' must end at 100")]
    [InlineData("release: {canary: {steps: []}}", "r.yaml:5:27: release.canary: 'steps' must be a non-empty list")]
    [InlineData("release: {canary: {step_duration: 0m}}", "r.yaml:5:35: release.canary: 'step_duration' must be a positive duration")]
    [InlineData("release: {canary: {promote: \"champion.p99_ms > p99_ms\"}}", "r.yaml:5:29: release.canary: 'promote' refers to 'champion.'; it can compare only with 'stable.'")]
    [InlineData("release: {canary: {min_labels: 0}}", "r.yaml:5:32: release.canary: 'min_labels' must be a whole number of at least 1")]
    public void Parse_BadSectionField_ReportsLineAndColumn(string section, string expected)
    {
        var errors = Errors(Minimal + section + "\n");

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GateSyntaxError_IsReportedAtTheOffendingCharacter()
    {
        // Line 5 is `  gate: "auc >= champion.auc +"`; the gate's text starts at column 10, after the quote.
        var errors = Errors(Minimal + "guardrails:\n  gate: \"auc >= champion.auc +\"\n");

        var error = Assert.Single(errors);
        Assert.Contains("'gate' is not a valid condition", error, StringComparison.Ordinal);
        var position = int.Parse(error.Split("position ")[1].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"r.yaml:6:{9 + position}: guardrails:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CanaryGateSyntaxError_IsReported()
    {
        var errors = Errors(Minimal + "release:\n  canary: {rollback: \"error_rate >\"}\n");

        Assert.Contains(errors, e => e.StartsWith("r.yaml:6:", StringComparison.Ordinal) && e.Contains("'rollback' is not a valid condition", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAllTogether()
    {
        const string text = """
            pipeline: p.yaml
            triggers:
              - {type: labels, new: none}
              - {type: alert}
            guardrails: {max_per_day: 0, approval: later}
            colour: red
            """;

        var errors = Errors(text);

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("r.yaml:1:1: policy: 'deployment' is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("r.yaml:3:25: triggers[1]: 'new'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("r.yaml:4:5: triggers[2]: 'name' is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("r.yaml:5:27: guardrails: 'max_per_day'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("r.yaml:5:40: guardrails: 'approval'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("r.yaml:6:1: policy: unknown field 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsWhere()
    {
        var errors = Errors("deployment: [credit\n");

        Assert.StartsWith("r.yaml:", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Contains("invalid YAML", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAMapping_SaysWhatIsExpected()
    {
        var errors = Errors("- deployment\n");

        Assert.Equal("r.yaml:1:1: expected a mapping with 'deployment', 'pipeline' and 'triggers'", Assert.Single(errors));
    }

    private static IReadOnlyList<string> Errors(string text) =>
        Assert.Throws<RetrainingPolicyException>(() => RetrainingPolicyFile.Parse(text, "r.yaml")).Errors;

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Keel.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Keel.sln not found above the test directory");
    }
}
