using System.Text.Json;
using Keel.Cli.Tests.Support;
using Keel.Tests.Support;

namespace Keel.Cli.Tests.Commands.Registry;

/// <summary><c>keel models ...</c> and <c>keel webhooks ...</c> against a fresh workspace, with models trained on the example data.</summary>
public sealed class ModelRegistryCommandTests : IDisposable
{
    private readonly KeelRunner _keel = new();

    public void Dispose() => _keel.Dispose();

    [Fact]
    public async Task RegisterWithAlias_FirstVersionPassesGateThatComparesWithNobody_SecondIsHeldBack()
    {
        await SetUpAsync();

        var first = await RunOkAsync("models", "register", "logistic.keel", "--name", "churn", "--alias", "champion", "--gate", "auc >= champion.auc", "--tag", "team=risk", "--json");
        var second = await _keel.RunAsync("models", "register", "gbdt.keel", "--name", "churn", "--alias", "champion", "--gate", "auc >= champion.auc + 1", "--json");

        var one = first.Json();
        Assert.Equal(1, one.GetProperty("version").GetInt32());
        Assert.True(one.GetProperty("alias").GetProperty("moved").GetBoolean());
        Assert.Contains("nothing to compare with", one.GetProperty("alias").GetProperty("gates")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.CheckFailed, second.ToString());
        var two = second.Json();
        Assert.Equal(2, two.GetProperty("version").GetInt32());
        Assert.False(two.GetProperty("alias").GetProperty("moved").GetBoolean());
        Assert.True(two.GetProperty("alias").GetProperty("blocked").GetBoolean());
        Assert.Equal(1, two.GetProperty("alias").GetProperty("previous_version").GetInt32());
        Assert.Equal(1, (await ShowAsync()).GetProperty("aliases").GetProperty("champion").GetInt32());
    }

    [Fact]
    public async Task Alias_OneGateFails_ExitsOnePrintsEveryGateAndLeavesTheAlias()
    {
        await RegisterBothAsync();
        await RunOkAsync("models", "alias", "churn", "champion", "1");

        var result = await _keel.RunAsync("models", "alias", "churn", "champion", "2", "--gate", "auc >= 0", "--gate", "auc > 2");

        Assert.True(result.ExitCode == ExitCodes.CheckFailed, result.ToString());
        Assert.Contains("pass", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("auc > 2", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 of 2 gates failed; it stays at v1", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (await ShowAsync()).GetProperty("aliases").GetProperty("champion").GetInt32());
    }

    [Fact]
    public async Task Alias_GatesPass_MovesAndKeepsTheHistoryWithTheReason()
    {
        await RegisterBothAsync();
        await RunOkAsync("models", "alias", "churn", "champion", "1");

        var moved = await RunOkAsync("models", "alias", "churn", "champion", "2", "--gate", "auc >= champion.auc - 1", "--reason", "retrain", "--json");

        Assert.True(moved.Json().GetProperty("moved").GetBoolean());
        var history = (await ShowAsync()).GetProperty("alias_history").EnumerateArray().ToArray();
        Assert.Equal(2, history.Length);
        Assert.Equal(1, history[1].GetProperty("previous_version").GetInt32());
        Assert.Equal(2, history[1].GetProperty("version").GetInt32());
        Assert.Equal("retrain", history[1].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("position", "models", "alias", "churn", "champion", "1", "--gate", "auc >= ")]
    [InlineData("alias '1st' is not valid", "models", "alias", "churn", "1st", "1")]
    [InlineData("no registered model 'nope'; registered models: churn", "models", "alias", "nope", "champion", "1")]
    [InlineData("model 'churn' has no version 7; its versions: 1, 2", "models", "alias", "churn", "champion", "7")]
    [InlineData("model 'churn' has no version 9; its versions: 1, 2", "models", "show", "churn", "--version", "9")]
    [InlineData("model 'churn' has no alias 'challenger'", "models", "alias", "churn", "challenger", "--remove")]
    [InlineData("tag 'oops' is not KEY=VALUE", "models", "tag", "churn", "oops")]
    public async Task Command_BadInput_ExitsTwoWithAClearMessage(string message, params string[] args)
    {
        await RegisterBothAsync();

        var result = await _keel.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndShowJson_AfterTagsAndDescriptions_ReportEveryVersion()
    {
        await RegisterBothAsync();
        await RunOkAsync("models", "alias", "churn", "champion", "1");
        await RunOkAsync("models", "tag", "churn", "owner=risk");
        await RunOkAsync("models", "tag", "churn", "--version", "2", "validated=yes");
        await RunOkAsync("models", "describe", "churn", "Predicts default");
        await RunOkAsync("models", "describe", "churn", "--version", "2", "gbdt retrain");

        var list = (await RunOkAsync("models", "list", "--json")).Json().EnumerateArray().Single();
        var show = await ShowAsync();

        Assert.Equal("churn", list.GetProperty("name").GetString());
        Assert.Equal(2, list.GetProperty("latest_version").GetInt32());
        Assert.Equal(1, list.GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal("Predicts default", show.GetProperty("description").GetString());
        Assert.Equal("risk", show.GetProperty("tags").GetProperty("owner").GetString());
        var versions = show.GetProperty("versions").EnumerateArray().ToArray();
        Assert.Equal(["logistic", "gbdt"], versions.Select(v => v.GetProperty("algorithm").GetString()));
        Assert.Equal(["champion"], versions[0].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("yes", versions[1].GetProperty("tags").GetProperty("validated").GetString());
        Assert.Equal("gbdt retrain", versions[1].GetProperty("description").GetString());
        Assert.InRange(versions[0].GetProperty("metrics").GetProperty("auc").GetDouble(), 0.0, 1.0);
        var table = await RunOkAsync("models", "show", "churn");
        Assert.Contains("alias history", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("validated=yes", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_VersionHoldsAnAlias_IsRefusedUntilTheAliasMoves()
    {
        await RegisterBothAsync();
        await RunOkAsync("models", "alias", "churn", "champion", "1");

        var refused = await _keel.RunAsync("models", "archive", "churn", "1");
        await RunOkAsync("models", "alias", "churn", "champion", "2");
        var archived = await _keel.RunAsync("models", "archive", "churn", "1", "--json");

        Assert.True(refused.ExitCode == ExitCodes.UsageOrInput, refused.ToString());
        Assert.Contains("still holds alias champion", refused.Stderr, StringComparison.Ordinal);
        Assert.True(archived.ExitCode == ExitCodes.Ok, archived.ToString());
        Assert.True((await ShowAsync()).GetProperty("versions")[0].GetProperty("archived").GetBoolean());
        var again = await _keel.RunAsync("models", "alias", "churn", "challenger", "1");
        Assert.True(again.ExitCode == ExitCodes.UsageOrInput, again.ToString());
        Assert.Contains("archived", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_WithAliasReference_WritesWhatTheFileWrites()
    {
        await RegisterBothAsync();
        await RunOkAsync("models", "alias", "churn", "champion", "2");
        var data = RepoFiles.ExampleData("customers.csv");

        await RunOkAsync("predict", "--model", "gbdt.keel", "--data", data, "--out", "from-file.csv");
        var byAlias = await RunOkAsync("predict", "--model", "models:/churn@champion", "--data", data, "--out", "from-alias.csv");
        await RunOkAsync("predict", "--model", "models:/churn/2", "--data", data, "--out", "from-version.csv");

        var expected = File.ReadAllText(_keel.PathOf("from-file.csv"));
        Assert.Equal(expected, File.ReadAllText(_keel.PathOf("from-alias.csv")));
        Assert.Equal(expected, File.ReadAllText(_keel.PathOf("from-version.csv")));
        Assert.Contains("models:/churn@champion (v2)", byAlias.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models:/churn@staging", "model 'churn' has no alias 'staging'; its aliases: champion → v1")]
    [InlineData("models:/other/1", "no registered model 'other'; registered models: churn")]
    [InlineData("models:/churn", "names no version or alias")]
    public async Task EvaluateAndExplain_UnknownReference_ExitTwoNamingItAndWhatExists(string reference, string message)
    {
        await RegisterBothAsync();
        await RunOkAsync("models", "alias", "churn", "champion", "1");
        var data = RepoFiles.ExampleData("customers.csv");

        var evaluate = await _keel.RunAsync("evaluate", "--model", reference, "--data", data);
        var explain = await _keel.RunAsync("explain", "--model", reference, "--data", data);

        foreach (var result in new[] { evaluate, explain })
        {
            Assert.True(result.ExitCode == ExitCodes.UsageOrInput, result.ToString());
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Evaluate_WithLatestReference_ScoresTheNewestVersion()
    {
        await RegisterBothAsync();
        var data = RepoFiles.ExampleData("customers.csv");

        var byFile = await RunOkAsync("evaluate", "--model", "gbdt.keel", "--data", data, "--json");
        var byLatest = await RunOkAsync("evaluate", "--model", "models:/churn/latest", "--data", data, "--json");

        Assert.Equal(byFile.Stdout, byLatest.Stdout);
    }

    [Fact]
    public async Task Alias_WithWebhook_ReceiverGetsTheSignedEventBeforeTheCommandReturns()
    {
        await RegisterBothAsync();
        using var receiver = new WebhookReceiver();
        await RunOkAsync("webhooks", "add", receiver.Url, "--event", "alias.moved", "--secret", "s3cret");

        await RunOkAsync("models", "alias", "churn", "champion", "2", "--reason", "ship it");

        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("alias.moved", request.Headers["X-Keel-Event"]);
        Assert.Equal(Keel.Registry.WebhookDispatcher.Signature("s3cret", System.Text.Encoding.UTF8.GetBytes(request.Body)), request.Headers["X-Keel-Signature-256"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("models:/churn@champion", body.RootElement.GetProperty("subject").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("ship it", body.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Alias_WebhookAnswers500_CommandSucceedsAndDeliverRetriesAfterTheBackoff()
    {
        await RegisterBothAsync();
        using var receiver = new WebhookReceiver();
        receiver.Responses.Enqueue(500);
        await RunOkAsync("webhooks", "add", receiver.Url);

        var alias = await RunOkAsync("models", "alias", "churn", "champion", "1");
        var pending = (await RunOkAsync("webhooks", "list", "--json")).Json().GetProperty("deliveries")[0];
        var tooEarly = (await RunOkAsync("webhooks", "deliver", "--json")).Json();
        _keel.Clock.Advance(TimeSpan.FromSeconds(3));
        var retried = (await RunOkAsync("webhooks", "deliver", "--json")).Json();

        Assert.Contains("will be retried", alias.Stderr, StringComparison.Ordinal);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Contains("500", pending.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, tooEarly.GetProperty("delivered").GetInt32());
        Assert.Equal(1, retried.GetProperty("delivered").GetInt32());
        Assert.Equal(2, receiver.Received.Count);
        var delivered = (await RunOkAsync("webhooks", "list", "--json")).Json().GetProperty("deliveries")[0];
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(2, delivered.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Webhooks_AddBadEventThenRemoveUnknown_ExitTwo()
    {
        await SetUpAsync();
        var added = (await RunOkAsync("webhooks", "add", "http://127.0.0.1:9/hook", "--json")).Json();

        var badEvent = await _keel.RunAsync("webhooks", "add", "http://127.0.0.1:9/hook", "--event", "model.deleted");
        var unknown = await _keel.RunAsync("webhooks", "remove", "42");
        await RunOkAsync("webhooks", "remove", added.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.UsageOrInput, badEvent.ExitCode);
        Assert.Contains("unknown event 'model.deleted'; expected one of: model_version.created, alias.moved", badEvent.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", badEvent.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrInput, unknown.ExitCode);
        Assert.Contains("no webhook 42; webhooks: 1", unknown.Stderr, StringComparison.Ordinal);
        Assert.Empty((await RunOkAsync("webhooks", "list", "--json")).Json().GetProperty("webhooks").EnumerateArray());
    }

    /// <summary>A workspace and two models of the example data: logistic.keel and gbdt.keel.</summary>
    private async Task SetUpAsync()
    {
        await RunOkAsync("init");
        var data = RepoFiles.ExampleData("customers.csv");
        await RunOkAsync("train", "--data", data, "--label", "defaulted", "--algorithm", "logistic", "--holdout", "0.25", "--out", "logistic.keel");
        await RunOkAsync("train", "--data", data, "--label", "defaulted", "--algorithm", "gbdt", "--param", "rounds=10", "--holdout", "0.25", "--out", "gbdt.keel");
    }

    /// <summary>logistic.keel as churn v1 and gbdt.keel as churn v2, no aliases.</summary>
    private async Task RegisterBothAsync()
    {
        await SetUpAsync();
        await RunOkAsync("models", "register", "logistic.keel", "--name", "churn");
        await RunOkAsync("models", "register", "gbdt.keel", "--name", "churn");
    }

    private async Task<JsonElement> ShowAsync() => (await RunOkAsync("models", "show", "churn", "--json")).Json();

    private async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await _keel.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"keel {string.Join(' ', args)}\n{result}");
        return result;
    }
}
