using Keel.Registry;
using Keel.Serving.Deployments;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Serving;

public sealed class DeploymentCatalogTests : DeploymentFixture
{
    [Fact]
    public async Task CreateAsync_AliasReference_PinsTheVersionAndStartsAtRevisionOne()
    {
        var revision = await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(ModelReference.Parse("models:/credit@champion")), "first");

        Assert.Equal(1, revision.Number);
        Assert.Equal(V1, revision.Spec.Primary);
        Assert.Equal(RevisionChange.Created, revision.Change);
        Assert.Equal(RevisionStatus.Active, revision.Status);
        Assert.Equal("tester", revision.Actor);
        Assert.Equal(Clock.UtcNow, revision.CreatedAt);

        // Moving the alias later does not change what the revision serves.
        await Registry.SetAliasAsync("credit", "champion", 2);
        var deployment = await Catalog.GetAsync("credit-api");
        Assert.Equal(V1, deployment!.Current.Spec.Primary);
    }

    [Fact]
    public async Task CreateAsync_Twice_Refuses()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V2)));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Single(await Catalog.GetHistoryAsync("credit-api"));
    }

    [Fact]
    public async Task CreateAsync_UnknownModelOrBadSpec_RefusesAndWritesNothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Catalog.CreateAsync("credit-api", DeploymentSpec.Single(ModelReference.Parse("models:/credit/9"))));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => Catalog.CreateAsync("credit-api",
            DeploymentSpec.Canary(V1, V2, new DeploymentParameters { CanarySteps = [5, 50, 25], PromoteGate = "error_rate <=" })));

        Assert.Contains("canary_steps", bad.Message, StringComparison.Ordinal);
        Assert.Contains("promote_gate", bad.Message, StringComparison.Ordinal);
        Assert.Null(await Catalog.GetAsync("credit-api"));
    }

    [Fact]
    public async Task ReviseAsync_EveryChange_AppendsARevisionAndSupersedesThePrevious()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var canary = DeploymentSpec.Canary(V1, V2, new DeploymentParameters { CanarySteps = [10, 100], PromoteGate = "error_rate <= 0.01", StepDuration = TimeSpan.FromMinutes(3) });
        var second = await Catalog.ReviseAsync("credit-api", canary, "try v2");

        var history = await Catalog.GetHistoryAsync("credit-api");

        Assert.Equal(2, second.Number);
        Assert.Equal([1, 2], history.Select(r => r.Number));
        Assert.Equal([RevisionStatus.Superseded, RevisionStatus.Active], history.Select(r => r.Status));
        var stored = history[1].Spec;
        Assert.Equal(DeploymentStrategy.Canary, stored.Strategy);
        Assert.Equal(V2, stored.Candidate);
        Assert.Equal([10.0, 100.0], stored.Parameters.CanarySteps);
        Assert.Equal(TimeSpan.FromMinutes(3), stored.Parameters.StepDuration);
        Assert.Equal("error_rate <= 0.01", stored.Parameters.PromoteGate);
        Assert.Equal("try v2", history[1].Reason);
    }

    [Fact]
    public async Task ReviseAsync_StaleExpectedRevision_ThrowsConflict()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));
        await Catalog.ReviseAsync("credit-api", DeploymentSpec.Single(V2));

        var error = await Assert.ThrowsAsync<DeploymentConflictException>(() => Catalog.ReviseAsync("credit-api", DeploymentSpec.Single(V3), expectedRevision: 1));

        Assert.Equal(2, error.CurrentRevision);
        Assert.Equal(2, (await Catalog.GetAsync("credit-api"))!.Current.Number);
    }

    [Fact]
    public async Task RollbackAsync_OldRevision_AppendsACopyThatPointsAtIt()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Shadow(V1, V3, 0.25));
        await Catalog.ReviseAsync("credit-api", DeploymentSpec.Single(V2));

        var rollback = await Catalog.RollbackAsync("credit-api", 1, "v2 misbehaves");

        Assert.Equal(3, rollback.Number);
        Assert.Equal(RevisionChange.Rollback, rollback.Change);
        Assert.Equal(1, rollback.SourceRevision);
        Assert.Equal(DeploymentStrategy.Shadow, rollback.Spec.Strategy);
        Assert.Equal(V3, rollback.Spec.Candidate);
        Assert.Equal(0.25, rollback.Spec.Parameters.ShadowFraction);
        var current = (await Catalog.GetAsync("credit-api"))!.Current;
        Assert.Equal(3, current.Number);
        Assert.Equal(RevisionStatus.Superseded, (await Catalog.GetRevisionAsync("credit-api", 1))!.Status);
    }

    [Fact]
    public async Task RollbackAsync_ToTheActiveRevision_ChangesNothing()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));

        var same = await Catalog.RollbackAsync("credit-api", 1);

        Assert.Equal(1, same.Number);
        Assert.Single(await Catalog.GetHistoryAsync("credit-api"));
    }

    [Fact]
    public async Task SwitchAsync_BlueGreen_SwapsLiveAndStandbyAndSwitchesBack()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.BlueGreen(V1, V2));

        var switched = await Catalog.SwitchAsync("credit-api", "go green");
        var back = await Catalog.SwitchAsync("credit-api", "back to blue");

        Assert.Equal((V2, V1), (switched.Spec.Primary, switched.Spec.Candidate!.Value));
        Assert.Equal(RevisionChange.Switched, switched.Change);
        Assert.Equal((V1, V2), (back.Spec.Primary, back.Spec.Candidate!.Value));
        Assert.Equal(3, back.Number);
    }

    [Fact]
    public async Task SwitchAsync_NotBlueGreen_Refuses()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Catalog.SwitchAsync("credit-api"));
    }

    [Fact]
    public async Task Changes_AreAuditedWithRequestedAndPinnedReferences()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(ModelReference.Parse("models:/credit@champion")));
        await Catalog.ReviseAsync("credit-api", DeploymentSpec.Single(V2));
        await Catalog.RollbackAsync("credit-api", 1);

        var audit = await AuditAsync("deployments/credit-api");

        Assert.Equal(["deployment.created", "deployment.revised", "deployment.rollback"], audit.Select(a => a.Action));
        Assert.Contains("\"requested_primary\":\"models:/credit@champion\"", audit[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"primary\":\"models:/credit/1\"", audit[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"source_revision\":1", audit[2].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevisionHistory_IsAppendOnly()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));

        var update = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("UPDATE deployment_revisions SET primary_model = 'models:/credit/2'"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("DELETE FROM deployment_revisions"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ReturnsEachDeploymentWithItsCurrentRevision()
    {
        await Catalog.CreateAsync("b-api", DeploymentSpec.Single(V1));
        await Catalog.CreateAsync("a-api", DeploymentSpec.AB(V1, V2, 0.3, "user_id"));
        await Catalog.ReviseAsync("b-api", DeploymentSpec.Single(V3));

        var all = await Catalog.ListAsync();

        Assert.Equal(["a-api", "b-api"], all.Select(d => d.Name));
        Assert.Equal("user_id", all[0].Current.Spec.Parameters.StickyKey);
        Assert.Equal(0.3, all[0].Current.Spec.Parameters.VariantShare);
        Assert.Equal((2, V3), (all[1].Current.Number, all[1].Current.Spec.Primary));
    }

    [Fact]
    public async Task ConcurrentRevisions_NumberWithoutGapsOrDuplicates()
    {
        await Catalog.CreateAsync("credit-api", DeploymentSpec.Single(V1));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Catalog.ReviseAsync("credit-api", DeploymentSpec.Single(i % 2 == 0 ? V2 : V3)))));

        Assert.Equal(Enumerable.Range(1, 9), (await Catalog.GetHistoryAsync("credit-api")).Select(r => r.Number));
    }
}
