using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Monitoring;

public sealed class AlertsCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    private static string Example => Path.Combine(RepoFiles.Root, "examples", "credit-risk", "alerts.yaml");

    [Fact]
    public async Task Check_ExampleFile_ExitsZeroAndListsTheRules()
    {
        var result = await _keel.RunAsync("alerts", "check", Example);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("valid: 3 rules, 1 SLO, 1 silence, 3 notifiers", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rule high-drift: keel_dataset_drift_share{deployment=\"credit\", role=\"primary\"} > 0.3 (resolves at 0.2) for 10m, warning", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("critical when burning > 14.4x over both 1h and 5m", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning when burning > 1x over both 3d and 6h", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("grouping by [alertname, deployment]: wait 30s, interval 5m, repeat 4h, cooldown 15m", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Json_DescribesRulesAndSlos()
    {
        var result = await _keel.RunAsync("alerts", "check", Example, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        var rule = json.GetProperty("rules")[0];
        Assert.Equal("high-drift", rule.GetProperty("name").GetString());
        Assert.Equal(">", rule.GetProperty("condition").GetString());
        Assert.Equal(600, rule.GetProperty("for_seconds").GetDouble());
        Assert.Equal(4, json.GetProperty("slos")[0].GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public async Task Check_InvalidFile_ExitsTwoListingEveryProblemWithLineAndColumn()
    {
        _keel.WriteFile("bad.yaml", """
            rules:
              - name: drift
                metric: keel_feature_drift_score
                condition: "=>"
                fire: 0.2
                for: later
            """);

        var human = await _keel.RunAsync("alerts", "check", "bad.yaml");
        var json = await _keel.RunAsync("alerts", "check", "bad.yaml", "--json");

        Assert.Equal(2, human.ExitCode);
        Assert.Contains("bad.yaml:4:16: rules[1]: 'condition' must be one of >, >=, <, <=, got '=>'", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:6:10: rules[1]: 'for' must be a positive duration", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 problems found", human.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, json.ExitCode);
        Assert.False(json.Json().GetProperty("valid").GetBoolean());
        Assert.Equal(2, json.Json().GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Check_MissingFile_ExitsTwo()
    {
        var result = await _keel.RunAsync("alerts", "check", "nope.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("alert rules file", result.Stderr, StringComparison.Ordinal);
    }
}
