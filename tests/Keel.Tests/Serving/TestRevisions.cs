using Keel.Registry;
using Keel.Serving.Deployments;

namespace Keel.Tests.Serving;

/// <summary>Revisions built in memory, for routing and policy tests that need no store.</summary>
internal static class TestRevisions
{
    public static readonly ModelReference Stable = ModelReference.Parse("models:/credit/1");
    public static readonly ModelReference Candidate = ModelReference.Parse("models:/credit/2");

    public static DeploymentRevision Of(DeploymentSpec spec, int number = 1, DateTimeOffset? createdAt = null, string deployment = "credit-api") =>
        new(deployment, number, spec, RevisionChange.Created, null, createdAt ?? DateTimeOffset.UnixEpoch, "tester", null, RevisionStatus.Active);
}
