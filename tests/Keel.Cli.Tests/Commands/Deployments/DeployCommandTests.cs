using Keel.Cli.Tests.Support;

namespace Keel.Cli.Tests.Commands.Deployments;

/// <summary><c>keel deploy ...</c> against a fresh workspace with churn v1 (logistic) and v2 (gbdt) registered.</summary>
public sealed class DeployCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task CreateSwitchRollback_WriteRevisionsThatHistoryAndListShow()
    {
        await SetUpAsync();

        var created = (await RunOkAsync("deploy", "create", "churn-api", "--model", "models:/churn/latest", "--strategy", "blue-green",
            "--candidate", "models:/churn/1", "--reason", "launch", "--json")).Json();
        var switched = (await RunOkAsync("deploy", "switch", "churn-api", "--json")).Json();
        var rolledBack = (await RunOkAsync("deploy", "rollback", "churn-api", "1", "--json")).Json();
        var history = (await RunOkAsync("deploy", "history", "churn-api", "--json")).Json();
        var list = (await RunOkAsync("deploy", "list", "--json")).Json();
        var text = await RunOkAsync("deploy", "history", "churn-api");

        Assert.Equal(("blue_green", "models:/churn/2", "models:/churn/1", "launch"), (created.GetProperty("strategy").GetString(),
            created.GetProperty("model").GetString(), created.GetProperty("candidate").GetString(), created.GetProperty("reason").GetString()));
        Assert.Equal(("models:/churn/1", 2), (switched.GetProperty("model").GetString(), switched.GetProperty("revision").GetInt32()));
        Assert.Equal(("models:/churn/2", 3, 1), (rolledBack.GetProperty("model").GetString(), rolledBack.GetProperty("revision").GetInt32(),
            rolledBack.GetProperty("source_revision").GetInt32()));
        Assert.Equal(["created", "switched", "rollback"], history.EnumerateArray().Select(r => r.GetProperty("change").GetString()));
        Assert.Equal(3, list.EnumerateArray().Single().GetProperty("current").GetProperty("revision").GetInt32());
        Assert.Contains("* r3", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("(copy of r1)", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_WithRetrains_InterleavesThemWithTheRevisionsByTime()
    {
        await SetUpAsync();
        await RunOkAsync("deploy", "create", "churn-api", "--model", "models:/churn/1");
        _keel.Clock.UtcNow = _keel.Clock.GetUtcNow().AddMinutes(5);
        using (var store = await Keel.Storage.MetadataStore.OpenAsync(Path.Combine(_keel.Directory, ".keel", "keel.db"), _keel.Clock))
        {
            var journal = new Keel.Retraining.RetrainingJournal(store, "loop");
            var id = await journal.StartAsync("churn-api", "alert high-drift", Keel.Retraining.RetrainOutcome.Running);
            await journal.UpdateAsync(id, Keel.Retraining.RetrainOutcome.Rejected, null, "models:/churn/2", "gate 'auc >= champion.auc' failed");
        }
        _keel.Clock.UtcNow = _keel.Clock.GetUtcNow().AddMinutes(5);
        await RunOkAsync("deploy", "update", "churn-api", "--model", "models:/churn/2", "--reason", "by hand");

        var text = (await RunOkAsync("deploy", "history", "churn-api")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, text.Length);
        Assert.StartsWith("  r1", text[0], StringComparison.Ordinal);
        Assert.Contains("retrain 1", text[1], StringComparison.Ordinal);
        Assert.Contains("alert high-drift → rejected  candidate models:/churn/2 — gate 'auc >= champion.auc' failed", text[1], StringComparison.Ordinal);
        Assert.StartsWith("* r2", text[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveDecline_RetrainAwaitingApproval_RecordsTheDecisionAndWithoutOneExitsTwo()
    {
        await SetUpAsync();
        await RunOkAsync("deploy", "create", "churn-api", "--model", "models:/churn/1");
        var none = await _keel.RunAsync("deploy", "approve", "churn-api");
        using (var store = await Keel.Storage.MetadataStore.OpenAsync(Path.Combine(_keel.Directory, ".keel", "keel.db"), _keel.Clock))
        {
            await new Keel.Retraining.RetrainingJournal(store).StartAsync("churn-api", "alert high-drift", Keel.Retraining.RetrainOutcome.AwaitingApproval);
        }

        var approved = (await RunOkAsync("deploy", "approve", "churn-api", "--json")).Json();
        var history = (await RunOkAsync("deploy", "history", "churn-api")).Stdout;

        Assert.Equal(ExitCodes.UsageOrInput, none.ExitCode);
        Assert.Contains("no retrain of 'churn-api' awaits approval", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(("approved", 1), (approved.GetProperty("decision").GetString(), approved.GetProperty("retrain").GetInt32()));
        Assert.Contains("alert high-drift → running — approved", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithoutModel_KeepsThePrimaryAndWritesTheCanary()
    {
        await SetUpAsync();
        await RunOkAsync("deploy", "create", "churn-api", "--model", "models:/churn/1");

        var updated = (await RunOkAsync("deploy", "update", "churn-api", "--strategy", "canary", "--candidate", "models:/churn/2",
            "--steps", "10,50,100", "--step-duration", "5m", "--rollback-gate", "error_rate > 0.05", "--json")).Json();
        var text = await RunOkAsync("deploy", "list");

        Assert.Equal(("canary", "models:/churn/1", 2), (updated.GetProperty("strategy").GetString(), updated.GetProperty("model").GetString(),
            updated.GetProperty("revision").GetInt32()));
        var parameters = updated.GetProperty("parameters");
        Assert.Equal([10.0, 50.0, 100.0], parameters.GetProperty("canary_steps").EnumerateArray().Select(s => s.GetDouble()));
        Assert.Equal("00:05:00", parameters.GetProperty("step_duration").GetString());
        Assert.Equal(0.1, updated.GetProperty("candidate_share").GetDouble());
        Assert.Contains("churn-api  r2  canary models:/churn/1 → models:/churn/2 at 10% (step 1/3)", text.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create churn-api", "--model is required")]
    [InlineData("create churn-api --model churn", "--model:")]
    [InlineData("create churn-api --model models:/churn/1 --strategy fastest", "--strategy:")]
    [InlineData("create churn-api --model models:/churn/1 --strategy canary --candidate models:/churn/2 --steps 5,x", "--steps: 'x' is not a number")]
    [InlineData("create churn-api --model models:/churn/1 --strategy canary --candidate models:/churn/2 --step-duration soon", "--step-duration:")]
    [InlineData("create churn-api --model models:/churn/1 --strategy canary --candidate models:/churn/2 --rollback-gate error_rate>>", "rollback_gate:")]
    [InlineData("create churn-api --model models:/churn/1 --strategy ab --candidate models:/churn/2 --split 1", "variant_share:")]
    [InlineData("create churn-api --model models:/churn/9", "models:/churn/9 names no registered model version")]
    [InlineData("switch nobody", "no deployment 'nobody'")]
    [InlineData("rollback nobody 1", "no deployment 'nobody'")]
    [InlineData("history nobody", "no deployment 'nobody'")]
    public async Task BadInput_Exits2WithAMessageNamingIt(string args, string expected)
    {
        await SetUpAsync();

        var result = await _keel.RunAsync(["deploy", .. args.Split(' ')]);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchAndRollback_WrongState_Exit2()
    {
        await SetUpAsync();
        await RunOkAsync("deploy", "create", "churn-api", "--model", "models:/churn/1");

        var switched = await _keel.RunAsync("deploy", "switch", "churn-api");
        var rolledBack = await _keel.RunAsync("deploy", "rollback", "churn-api", "5");
        var duplicate = await _keel.RunAsync("deploy", "create", "churn-api", "--model", "models:/churn/1");

        Assert.Equal(ExitCodes.UsageOrInput, switched.ExitCode);
        Assert.Contains("only a blue-green deployment switches", switched.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrInput, rolledBack.ExitCode);
        Assert.Contains("has revisions 1 to 1, not 5", rolledBack.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrInput, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Stderr, StringComparison.Ordinal);
    }

    private async Task SetUpAsync()
    {
        await RunOkAsync("init");
        var data = RepoFiles.ExampleData("customers.csv");
        await RunOkAsync("train", "--data", data, "--label", "defaulted", "--algorithm", "logistic", "--holdout", "0.25", "--out", "logistic.keel");
        await RunOkAsync("train", "--data", data, "--label", "defaulted", "--algorithm", "gbdt", "--param", "rounds=10", "--holdout", "0.25", "--out", "gbdt.keel");
        await RunOkAsync("models", "register", "logistic.keel", "--name", "churn");
        await RunOkAsync("models", "register", "gbdt.keel", "--name", "churn");
    }

    private async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await _keel.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"keel {string.Join(' ', args)}\n{result}");
        return result;
    }
}
