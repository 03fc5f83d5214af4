using System.Globalization;
using Keel.Server.Metrics;
using Microsoft.AspNetCore.Http;

namespace Keel.Server.Deployments;

/// <summary>
/// Resolves the name in a scoring URL: a model served directly (<see cref="ModelCatalog"/>) or a deployment
/// (<see cref="DeploymentHost"/>), whose routing table picks the model per request. A request's sticky key, for A/B
/// and sticky canaries, is the <see cref="RouteKeyHeader"/> header or, without it, the value of the revision's
/// sticky key field in the request's first row (<see cref="ScoringTarget.RekeyBy"/>). Thread-safe.
/// </summary>
internal sealed class ScoringTargets(ModelCatalog models, DeploymentHost? deployments, ServerMetrics metrics)
{
    /// <summary>The request header whose value keeps a caller on one variant of an A/B test or a sticky canary.</summary>
    public const string RouteKeyHeader = "X-Keel-Route-Key";

    /// <summary>The model MLflow's plain <c>/invocations</c> scores, or null when the server serves only deployments.</summary>
    public ServedModel? Default => models.Default;

    /// <summary>The target of a request to <paramref name="model"/> itself.</summary>
    public ScoringTarget Direct(ServedModel model) => ScoringTarget.Direct(model, metrics);

    /// <summary>
    /// The target of one request to <paramref name="name"/>. For a deployment, <paramref name="version"/> (when
    /// given) must be the revision it serves.
    /// </summary>
    public ScoringTarget? Resolve(string name, string? version, HttpRequest request, out string? error)
    {
        if (deployments?.Find(name) is { } table)
        {
            if (!RevisionMatches(table.Revision.Number, version, name, out error))
            {
                return null;
            }
            string? key = request.Headers.TryGetValue(RouteKeyHeader, out var values) ? values.ToString() : null;
            return ScoringTarget.Routed(table, table.Route(key, Random.Shared.NextDouble()), keyed: key is not null, metrics);
        }
        return models.Find(name, version, out error) is { } model ? ScoringTarget.Direct(model, metrics) : null;
    }

    /// <summary>The model to describe under <paramref name="name"/>: the model itself, or a deployment's primary.</summary>
    public ServedModel? Describe(string name, string? version, out string? error)
    {
        if (deployments?.Find(name) is { } table)
        {
            return RevisionMatches(table.Revision.Number, version, name, out error) ? table.Primary : null;
        }
        return models.Find(name, version, out error);
    }

    private static bool RevisionMatches(int revision, string? version, string name, out string? error)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        error = version is null || version == text ? null : $"deployment '{name}' serves revision {text}, not '{version}'";
        return error is null;
    }
}
