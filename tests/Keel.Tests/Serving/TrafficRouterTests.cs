using Keel.Serving.Deployments;
using static Keel.Tests.Serving.TestRevisions;

namespace Keel.Tests.Serving;

public sealed class TrafficRouterTests
{
    private const int Draws = 100_000;

    [Theory]
    [InlineData(0, 0.05)]
    [InlineData(1, 0.25)]
    [InlineData(2, 0.50)]
    public void Route_CanaryStep_SendsTheStepShareWithinBinomialBounds(int step, double share)
    {
        var spec = DeploymentSpec.Canary(Stable, Candidate) with { Parameters = new DeploymentParameters { CanaryStep = step } };
        var router = new TrafficRouter(Of(spec));
        var random = new Random(7);

        var candidate = 0;
        for (var i = 0; i < Draws; i++)
        {
            if (router.Route(null, random.NextDouble()).Role == DeploymentRole.Candidate)
            {
                candidate++;
            }
        }

        // 4.5 binomial standard deviations: a correct router fails this about once in 150 000 seeds.
        var sd = Math.Sqrt(Draws * share * (1 - share));
        Assert.InRange(candidate, (Draws * share) - (4.5 * sd), (Draws * share) + (4.5 * sd));
    }

    [Fact]
    public void Route_CanaryFinalStep_SendsEverythingToTheCandidate()
    {
        var spec = DeploymentSpec.Canary(Stable, Candidate) with { Parameters = new DeploymentParameters { CanaryStep = 3 } };
        var router = new TrafficRouter(Of(spec));

        Assert.Equal(DeploymentRole.Candidate, router.Route(null, 0.999999).Role);
    }

    [Fact]
    public void Route_SingleAndBlueGreen_AlwaysPrimaryNeverMirror()
    {
        foreach (var spec in new[] { DeploymentSpec.Single(Stable), DeploymentSpec.BlueGreen(Stable, Candidate) })
        {
            var router = new TrafficRouter(Of(spec));
            Assert.Equal(new RouteDecision(DeploymentRole.Primary, false), router.Route("user-1", 0.0));
            Assert.Equal(new RouteDecision(DeploymentRole.Primary, false), router.Route(null, 0.99));
        }
    }

    [Fact]
    public void Route_Shadow_AnswersFromPrimaryAndMirrorsTheFraction()
    {
        var router = new TrafficRouter(Of(DeploymentSpec.Shadow(Stable, Candidate, 0.2)));
        var random = new Random(11);

        var mirrored = 0;
        for (var i = 0; i < Draws; i++)
        {
            var decision = router.Route(null, random.NextDouble());
            Assert.Equal(DeploymentRole.Primary, decision.Role);
            mirrored += decision.Mirror ? 1 : 0;
        }

        var sd = Math.Sqrt(Draws * 0.2 * 0.8);
        Assert.InRange(mirrored, (Draws * 0.2) - (4.5 * sd), (Draws * 0.2) + (4.5 * sd));
        Assert.True(new TrafficRouter(Of(DeploymentSpec.Shadow(Stable, Candidate))).Route(null, 0.9999).Mirror);
    }

    [Fact]
    public void Route_ABWithKey_IsStickyWhateverTheUniformDraw()
    {
        var router = new TrafficRouter(Of(DeploymentSpec.AB(Stable, Candidate, 0.5, "user_id")));

        for (var user = 0; user < 1000; user++)
        {
            var key = $"user-{user}";
            var first = router.Route(key, 0.0).Role;
            Assert.Equal(first, router.Route(key, 0.999).Role);
            Assert.Equal(first, router.Route(key, 0.5).Role);
        }
    }

    [Fact]
    public void Route_ABWithKey_SameVariantInAnotherRouterInstanceAndRevision()
    {
        var first = new TrafficRouter(Of(DeploymentSpec.AB(Stable, Candidate, 0.3, "user_id"), number: 1));
        var later = new TrafficRouter(Of(DeploymentSpec.AB(Stable, Candidate, 0.3, "user_id"), number: 7));

        for (var user = 0; user < 1000; user++)
        {
            Assert.Equal(first.Route($"u{user}", 0.1).Role, later.Route($"u{user}", 0.9).Role);
        }
    }

    [Fact]
    public void Route_ABWithKeys_SplitsCallersByTheShare()
    {
        var router = new TrafficRouter(Of(DeploymentSpec.AB(Stable, Candidate, 0.3, "user_id")));

        var b = 0;
        for (var user = 0; user < Draws; user++)
        {
            b += router.Route("customer-" + user, 0.0).Role == DeploymentRole.Candidate ? 1 : 0;
        }

        var sd = Math.Sqrt(Draws * 0.3 * 0.7);
        Assert.InRange(b, (Draws * 0.3) - (4.5 * sd), (Draws * 0.3) + (4.5 * sd));
    }

    [Fact]
    public void StickyBucket_KnownKey_IsPinnedAcrossBuilds()
    {
        // The bucket is part of the routing contract (callers must keep their variant across upgrades): a change fails here.
        var seed = StickyBucket.SeedFor("credit-api");
        var point = StickyBucket.Of("user-42", seed);

        // Recorded from this implementation (XXH64 itself is checked against the reference library in ValueHashTests).
        Assert.Equal(0xBD79D485E8C2834AUL, seed);
        Assert.Equal(0.5225641526701713, point);
        Assert.Equal(point, StickyBucket.Of("user-42", StickyBucket.SeedFor("credit-api")));
        Assert.NotEqual(point, StickyBucket.Of("user-42", StickyBucket.SeedFor("fraud-api")));
        Assert.Equal(point, StickyBucket.Of(new string("user-42".ToCharArray()), seed));
        Assert.Equal(StickyBucket.Of(new string('k', 300), seed), StickyBucket.Of(new string('k', 300), seed));
    }

    [Fact]
    public void Route_ABWithoutKey_FallsBackToTheUniformDraw()
    {
        var router = new TrafficRouter(Of(DeploymentSpec.AB(Stable, Candidate, 0.3, "user_id")));

        Assert.Equal(DeploymentRole.Candidate, router.Route(null, 0.29).Role);
        Assert.Equal(DeploymentRole.Primary, router.Route(null, 0.31).Role);
    }

    [Fact]
    public void Route_CanaryWithStickyKey_KeepsACallerOnOneSide()
    {
        var spec = DeploymentSpec.Canary(Stable, Candidate, new DeploymentParameters { StickyKey = "user_id", CanarySteps = [50, 100] });
        var router = new TrafficRouter(Of(spec));

        var sides = Enumerable.Range(0, 200).Select(u => router.Route($"u{u}", 0.0).Role).ToArray();

        Assert.Equal(sides, Enumerable.Range(0, 200).Select(u => router.Route($"u{u}", 0.99).Role));
        Assert.Contains(DeploymentRole.Candidate, sides);
        Assert.Contains(DeploymentRole.Primary, sides);
    }

    [Fact]
    public void Route_ManyRequests_AllocatesNothing()
    {
        var router = new TrafficRouter(Of(DeploymentSpec.AB(Stable, Candidate, 0.5, "user_id")));
        const string key = "customer-1234567";
        router.Route(key, 0.5);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            router.Route(key, i / 10_000.0);
            router.Route(null, i / 10_000.0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
