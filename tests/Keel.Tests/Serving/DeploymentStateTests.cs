using Keel.Serving.Deployments;
using static Keel.Tests.Serving.TestRevisions;

namespace Keel.Tests.Serving;

public sealed class DeploymentStateTests
{
    [Fact]
    public void TryActivate_NewerRevision_ReplacesAndReturnsThePrevious()
    {
        var state = new DeploymentState<LoadedModel>("credit-api");
        var first = Table(1, DeploymentSpec.Single(Stable));
        var second = Table(2, DeploymentSpec.Canary(Stable, Candidate));

        Assert.Null(state.Current);
        Assert.True(state.TryActivate(first, out var none));
        Assert.True(state.TryActivate(second, out var replaced));

        Assert.Null(none);
        Assert.Same(first, replaced);
        Assert.Same(second, state.Current);
    }

    [Fact]
    public void TryActivate_OlderOrSameRevision_KeepsTheCurrentTable()
    {
        var state = new DeploymentState<LoadedModel>("credit-api");
        var newer = Table(5, DeploymentSpec.Single(Stable));
        state.TryActivate(newer, out _);

        Assert.False(state.TryActivate(Table(4, DeploymentSpec.Single(Candidate)), out var previous));
        Assert.False(state.TryActivate(Table(5, DeploymentSpec.Single(Candidate)), out _));

        Assert.Null(previous);
        Assert.Same(newer, state.Current);
    }

    [Fact]
    public void TryActivate_TableOfAnotherDeployment_Throws()
    {
        var state = new DeploymentState<LoadedModel>("credit-api");

        Assert.Throws<ArgumentException>(() => state.TryActivate(
            new RoutingTable<LoadedModel>(Of(DeploymentSpec.Single(Stable), deployment: "fraud-api"), new LoadedModel(1, DeploymentRole.Primary), null), out _));
    }

    [Fact]
    public void RoutingTable_CandidateMissingOrSuperfluous_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RoutingTable<LoadedModel>(Of(DeploymentSpec.Canary(Stable, Candidate)), new LoadedModel(1, DeploymentRole.Primary), null));
        Assert.Throws<ArgumentException>(() => new RoutingTable<LoadedModel>(
            Of(DeploymentSpec.Single(Stable)), new LoadedModel(1, DeploymentRole.Primary), new LoadedModel(1, DeploymentRole.Candidate)));
    }

    [Fact]
    public void RoutingTable_Shadow_ReturnsPrimaryAndTheShadowToMirrorTo()
    {
        var table = Table(3, DeploymentSpec.Shadow(Stable, Candidate, 0.5));

        var mirrored = table.Route(null, 0.1);
        var plain = table.Route(null, 0.9);

        Assert.Equal((3, DeploymentRole.Primary), (mirrored.Revision, mirrored.Role));
        Assert.Same(table.Primary, mirrored.Model);
        Assert.Same(table.Candidate, mirrored.Shadow);
        Assert.Null(plain.Shadow);
    }

    [Fact]
    public async Task Route_ConcurrentReadersWhileRevisionsSwitch_EveryRequestGetsAWholeTable()
    {
        const int readers = 8;
        const int routesPerReader = 100_000;
        var state = new DeploymentState<LoadedModel>("credit-api");
        state.TryActivate(Table(1, DeploymentSpec.Single(Stable)), out _);
        var specs = new[]
        {
            DeploymentSpec.Single(Stable),
            DeploymentSpec.Canary(Stable, Candidate) with { Parameters = new DeploymentParameters { CanaryStep = 2 } },
            DeploymentSpec.BlueGreen(Candidate, Stable),
            DeploymentSpec.Shadow(Stable, Candidate, 0.5),
            DeploymentSpec.AB(Stable, Candidate, 0.5, "user_id"),
        };
        using var stop = new CancellationTokenSource();
        var switches = 0;

        var writer = Task.Run(() =>
        {
            for (var number = 2; !stop.IsCancellationRequested; number++)
            {
                // Building the table takes a while (a server loads models here); publishing is one swap.
                state.TryActivate(Table(number, specs[number % specs.Length]), out _);
                Interlocked.Increment(ref switches);
            }
        });
        SpinWait.SpinUntil(() => Volatile.Read(ref switches) > 0);
        var failures = 0L;
        var routed = await Task.WhenAll(Enumerable.Range(0, readers).Select(reader => Task.Run(() =>
        {
            var random = new Random(reader);
            var lastSeen = 0;
            var count = 0L;
            for (var i = 0; i < routesPerReader; i++)
            {
                var table = state.Current!;
                var route = table.Route(i % 3 == 0 ? null : $"user-{i % 977}", random.NextDouble());

                // The model answering belongs to the table's revision and role, the shadow too, and a reader never
                // goes back to an older revision than one it has already seen.
                var ok = route.Model.Revision == route.Revision && route.Revision == table.Revision.Number
                    && route.Model.Role == route.Role
                    && (route.Shadow is null || (route.Shadow.Revision == route.Revision && route.Shadow.Role == DeploymentRole.Candidate))
                    && route.Revision >= lastSeen;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
                lastSeen = route.Revision;
                table.MetricsFor(route.Role).Record(1.0, error: false);
                count++;
            }
            return count;
        })));
        await stop.CancelAsync();
        await writer;

        Assert.Equal(0, failures);
        Assert.Equal((long)readers * routesPerReader, routed.Sum());
        Assert.True(switches > 10, $"only {switches} switches happened during the run");
    }

    private static RoutingTable<LoadedModel> Table(int number, DeploymentSpec spec) => new(
        Of(spec, number), new LoadedModel(number, DeploymentRole.Primary),
        spec.Candidate is null ? null : new LoadedModel(number, DeploymentRole.Candidate));

    /// <summary>Stands in for a loaded scorer; knows which revision and role loaded it.</summary>
    private sealed record LoadedModel(int Revision, DeploymentRole Role);
}
