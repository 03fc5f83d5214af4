using Keel.Registry;

namespace Keel.Tests.Registry;

public sealed class ModelRegistryTests : RegistryFixture
{
    [Fact]
    public async Task RegisterAsync_NewContent_NumbersVersionsFromOne()
    {
        var (v1, created1) = await RegisterAsync("credit", 1, 0.8);
        var (v2, created2) = await RegisterAsync("credit", 2, 0.85);

        Assert.True(created1);
        Assert.True(created2);
        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);
        Assert.Equal(0.85, v2.Metrics["auc"]);
        Assert.Equal(Clock.UtcNow, v2.CreatedAt);
    }

    [Fact]
    public async Task RegisterAsync_SameContentTwice_ReturnsTheExistingVersion()
    {
        await RegisterAsync("credit", 1, 0.8);
        var (again, created) = await RegisterAsync("credit", 1, 0.8);

        Assert.False(created);
        Assert.Equal(1, again.Version);
        Assert.Single(await Registry.ListVersionsAsync("credit"));
    }

    [Fact]
    public async Task SetAliasAsync_NoGates_MovesAndRecordsHistory()
    {
        await RegisterAsync("credit", 1, 0.8);
        await RegisterAsync("credit", 2, 0.85);

        var first = await Registry.SetAliasAsync("credit", "champion", 1);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Registry.SetAliasAsync("credit", "champion", 2, reason: "better");

        Assert.True(first.Moved);
        Assert.Null(first.PreviousVersion);
        Assert.True(second.Moved);
        Assert.Equal(1, second.PreviousVersion);
        Assert.Equal(2, (await Registry.ResolveAsync(ModelReference.Parse("models:/credit@champion")))!.Version);
        var history = await Registry.GetAliasHistoryAsync("credit", "champion");
        Assert.Equal([1, 2], history.Select(h => h.Version!.Value));
        Assert.Equal("better", history[1].Reason);
        Assert.Equal("tester", history[1].Actor);
    }

    [Fact]
    public async Task SetAliasAsync_GateAgainstChampionFails_LeavesAliasAndRecordsGateFailedEvent()
    {
        await RegisterAsync("credit", 1, 0.90);
        await RegisterAsync("credit", 2, 0.85);
        await Registry.SetAliasAsync("credit", "champion", 1);

        var result = await Registry.SetAliasAsync("credit", "champion", 2, [ModelGate.Parse("auc >= champion.auc - 0.01")]);

        Assert.False(result.Moved);
        Assert.False(Assert.Single(result.Gates).Passed);
        Assert.Contains("champion.auc = 0.9", result.Gates[0].Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await Registry.GetAliasesAsync("credit"))["champion"]);
        var events = await Registry.GetEventsAsync();
        Assert.Equal("gate.failed", events[^1].Kind);
        Assert.Contains("\"version\":2", events[^1].PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAliasAsync_GateWithNoChampionYet_PassesAndSaysWhy()
    {
        await RegisterAsync("credit", 1, 0.7);

        var result = await Registry.SetAliasAsync("credit", "champion", 1, [ModelGate.Parse("auc >= champion.auc"), ModelGate.Parse("auc >= 0.6")]);

        Assert.True(result.Moved);
        Assert.All(result.Gates, g => Assert.True(g.Passed));
        Assert.Contains("nothing to compare", result.Gates[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAliasAsync_AbsoluteGateFails_DoesNotMove()
    {
        await RegisterAsync("credit", 1, 0.7);

        var result = await Registry.SetAliasAsync("credit", "champion", 1, [ModelGate.Parse("auc >= 0.80")]);

        Assert.False(result.Moved);
        Assert.Empty(await Registry.GetAliasesAsync("credit"));
    }

    [Fact]
    public async Task SetAliasAsync_UnknownVersion_Throws()
    {
        await RegisterAsync("credit", 1, 0.7);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Registry.SetAliasAsync("credit", "champion", 9));

        Assert.Contains("no version 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArchiveAsync_VersionHoldingAlias_IsRefused_ThenArchivedVersionTakesNoAlias()
    {
        await RegisterAsync("credit", 1, 0.7);
        await RegisterAsync("credit", 2, 0.8);
        await Registry.SetAliasAsync("credit", "champion", 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Registry.ArchiveAsync("credit", 1));
        await Registry.ArchiveAsync("credit", 2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Registry.SetAliasAsync("credit", "challenger", 2));
        Assert.Equal(1, (await Registry.ResolveAsync(ModelReference.Parse("models:/credit/latest")))!.Version);
    }

    [Fact]
    public async Task RemoveAliasAsync_RecordsRemovalInHistory()
    {
        await RegisterAsync("credit", 1, 0.7);
        await Registry.SetAliasAsync("credit", "challenger", 1);

        Assert.True(await Registry.RemoveAliasAsync("credit", "challenger"));
        Assert.False(await Registry.RemoveAliasAsync("credit", "challenger"));

        var history = await Registry.GetAliasHistoryAsync("credit");
        Assert.Null(history[^1].Version);
        Assert.Equal(1, history[^1].PreviousVersion);
    }

    [Fact]
    public async Task TagsAndDescriptions_AreStoredPerVersionAndModel()
    {
        await RegisterAsync("credit", 1, 0.7);

        await Registry.SetTagAsync("credit", 1, "team", "risk");
        await Registry.SetTagAsync("credit", 0, "owner", "ana");
        await Registry.SetDescriptionAsync("credit", 1, "first cut");

        Assert.Equal("risk", (await Registry.GetTagsAsync("credit", 1))["team"]);
        Assert.Equal("ana", (await Registry.GetTagsAsync("credit", 0))["owner"]);
        Assert.Equal("first cut", (await Registry.ListVersionsAsync("credit"))[0].Description);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Registry.SetTagAsync("credit", 5, "x", "y"));
    }

    [Fact]
    public async Task ListModelsAsync_SummarisesLatestVersionAndAliases()
    {
        await RegisterAsync("b-model", 1, 0.7);
        await RegisterAsync("a-model", 2, 0.7);
        await RegisterAsync("a-model", 3, 0.8);
        await Registry.SetAliasAsync("a-model", "champion", 2);

        var models = await Registry.ListModelsAsync();

        Assert.Equal(["a-model", "b-model"], models.Select(m => m.Name));
        Assert.Equal(2, models[0].LatestVersion);
        Assert.Equal(2, models[0].Aliases["champion"]);
        Assert.Empty(models[1].Aliases);
    }

    [Fact]
    public async Task AliasHistory_IsAppendOnly()
    {
        await RegisterAsync("credit", 1, 0.7);
        await Registry.SetAliasAsync("credit", "champion", 1);

        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.DatabasePath}");
        await using (connection)
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM model_alias_history";
            var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
    }
}
