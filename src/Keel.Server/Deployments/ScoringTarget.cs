using Keel.Server.Inference;
using Keel.Serving;
using Keel.Serving.Deployments;
using Microsoft.AspNetCore.Http;

namespace Keel.Server.Deployments;

/// <summary>
/// Where one scoring request goes: a model served directly, or the model a deployment's routing table chose (with the
/// table, so the outcome feeds that revision's metrics, and the shadow to mirror to, if any).
/// </summary>
internal readonly struct ScoringTarget
{
    /// <summary>The response header with the deployment revision that routed the request.</summary>
    public const string RevisionHeader = "X-Keel-Deployment-Revision";

    /// <summary>The response header with the role that answered (primary or candidate).</summary>
    public const string RoleHeader = "X-Keel-Deployment-Role";

    private ScoringTarget(ServedModel model, RoutingTable<ServedModel>? table, DeploymentRole role, ServedModel? shadow)
    {
        Model = model;
        Table = table;
        Role = role;
        Shadow = shadow;
    }

    /// <summary>The model that answers.</summary>
    public ServedModel Model { get; }

    /// <summary>The deployment's table, or null for a model served directly.</summary>
    public RoutingTable<ServedModel>? Table { get; }

    /// <summary>The role that answers (meaningful with a table).</summary>
    public DeploymentRole Role { get; }

    /// <summary>The model to mirror to after answering, or null.</summary>
    public ServedModel? Shadow { get; }

    /// <summary>What the log records about the deployment, or null.</summary>
    public DeploymentTag? Tag => Table is { } t ? new DeploymentTag(t.Revision.Deployment, t.Revision.Number, DeploymentTag.RoleName(Role)) : null;

    public static ScoringTarget Direct(ServedModel model) => new(model, null, DeploymentRole.Primary, null);

    public static ScoringTarget Routed(RoutingTable<ServedModel> table, RoutedRequest<ServedModel> route) =>
        new(route.Model, table, route.Role, route.Shadow);

    /// <summary>Scores the request on the chosen model, logging it with the deployment's tag.</summary>
    public Task<ScoredBatch> ScoreAsync(PredictionRunner runner, InputTable input, string? requestId, long started, CancellationToken cancellationToken) =>
        runner.ScoreAsync(Model, input, requestId, started, Tag, null, cancellationToken);

    /// <summary>Counts a failed request against the role that was to answer.</summary>
    public void Failed(TimeProvider time, long started) => Table?.MetricsFor(Role).Record(time.GetElapsedTime(started).TotalMilliseconds, error: true);

    /// <summary>Counts an answered request, names the revision in the response, and mirrors it to the shadow.</summary>
    public void Answered(TimeProvider time, long started, HttpResponse response, ScoredBatch batch, InputTable input, string? requestId, ShadowMirror mirror)
    {
        if (Table is not { } table)
        {
            return;
        }
        table.MetricsFor(Role).Record(time.GetElapsedTime(started).TotalMilliseconds, error: false);
        response.Headers[RevisionHeader] = table.Revision.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[RoleHeader] = DeploymentTag.RoleName(Role);
        if (Shadow is { } shadow)
        {
            mirror.Enqueue(table, shadow, input, batch, requestId);
        }
    }
}
