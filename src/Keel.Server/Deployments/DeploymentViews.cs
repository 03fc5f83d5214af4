using System.Text.Json;
using System.Text.Json.Serialization;
using Keel.Serving.Deployments;

namespace Keel.Server.Deployments;

/// <summary>
/// The JSON shapes of deployments, shared by the REST API (<c>/api/deployments</c>) and <c>keel deploy --json</c>:
/// snake_case names, undefined numbers (no requests yet, no feedback) as null.
/// </summary>
public static class DeploymentViews
{
    /// <summary>The serializer options of every deployment document (snake_case, nulls written, enums as names).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>One revision as stored.</summary>
    public static RevisionView Of(DeploymentRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var spec = revision.Spec;
        return new RevisionView(
            revision.Deployment, revision.Number, StrategyNames.ToText(spec.Strategy), spec.Primary.ToString(), spec.Candidate?.ToString(),
            StrategyNames.ToText(revision.Change), revision.SourceRevision, revision.CreatedAt, revision.Actor, revision.Reason,
            revision.Status == RevisionStatus.Active ? "active" : "superseded", spec.CandidateShare, spec.Parameters);
    }

    /// <summary>A deployment with, when <paramref name="table"/> is given, what its served revision observed so far.</summary>
    public static DeploymentView Of(Deployment deployment, RoutingTable<ServedModel>? table)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return new DeploymentView(deployment.Name, Of(deployment.Current), deployment.CreatedAt, deployment.UpdatedAt, table is null ? null : Live(table));
    }

    private static LiveView Live(RoutingTable<ServedModel> table)
    {
        var primary = table.PrimaryMetrics.Snapshot();
        var candidate = table.CandidateMetrics.Snapshot();
        var strategy = table.Revision.Spec.Strategy;
        SignificanceView? errorRate = null, quality = null;
        if (strategy == DeploymentStrategy.AB)
        {
            // Variant A minus variant B: the error rates always, the labelled quality once feedback exists.
            errorRate = Of(AbSignificance.TwoProportionZ(primary.Errors, primary.Requests, candidate.Errors, candidate.Requests));
            quality = Of(AbSignificance.WelchT(primary, candidate));
        }
        return new LiveView(
            table.Revision.Number, table.Primary.Source, table.Candidate?.Source, Of(primary), table.Candidate is null ? null : Of(candidate),
            strategy == DeploymentStrategy.Shadow ? Of(table.ShadowAgreement.Snapshot()) : null,
            errorRate is null ? null : new AbView(errorRate, quality!));
    }

    private static MetricsView Of(RoleMetricsSnapshot s) =>
        new(s.Requests, s.Errors, s.ErrorRate, N(s.P50Ms), N(s.P95Ms), N(s.P99Ms), N(s.MeanMs), s.QualityCount, N(s.QualityMean));

    private static ShadowView Of(ShadowAgreementSnapshot s) =>
        new(s.Compared, s.Classified, N(s.AgreementRate), s.Regressed, N(s.MeanAbsoluteDifference), N(s.MaxAbsoluteDifference), s.ShadowFailures);

    private static SignificanceView Of(SignificanceTest t) =>
        new(t.Test, N(t.Difference), N(t.Statistic), N(t.DegreesOfFreedom), N(t.PValue), t.IsSignificant());

    private static double? N(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>One revision (see <see cref="DeploymentRevision"/>); <paramref name="CandidateShare"/> is the candidate's share of answered traffic.</summary>
public sealed record RevisionView(
    string Deployment, int Revision, string Strategy, string Model, string? Candidate, string Change, int? SourceRevision,
    DateTimeOffset CreatedAt, string Actor, string? Reason, string Status, double CandidateShare, DeploymentParameters Parameters);

/// <summary>A deployment, its current revision, and what the server observed under the revision it serves (null when not served here).</summary>
public sealed record DeploymentView(string Name, RevisionView Current, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, LiveView? Live);

/// <summary>What a served revision observed: the loaded models, per-role metrics, shadow agreement, A/B significance.</summary>
public sealed record LiveView(
    int ServedRevision, string PrimaryModel, string? CandidateModel, MetricsView Primary, MetricsView? Candidate, ShadowView? ShadowAgreement, AbView? AbSignificance);

/// <summary>A role's metrics (latencies in milliseconds; null before the first request or the first label).</summary>
public sealed record MetricsView(
    long Requests, long Errors, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, double? MeanMs, long Labels, double? Quality);

/// <summary>The shadow's agreement with the primary on mirrored requests.</summary>
public sealed record ShadowView(
    long Compared, long Classified, double? AgreementRate, long Regressed, double? MeanAbsoluteDifference, double? MaxAbsoluteDifference, long ShadowFailures);

/// <summary>Variant A against variant B: on the error rate (two-proportion z) and on labelled quality (Welch's t).</summary>
public sealed record AbView(SignificanceView ErrorRate, SignificanceView Quality);

/// <summary>One significance test (see <see cref="SignificanceTest"/>); null where it is undefined.</summary>
public sealed record SignificanceView(string Test, double? Difference, double? Statistic, double? DegreesOfFreedom, double? PValue, bool Significant);
