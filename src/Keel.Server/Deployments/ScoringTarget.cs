using Keel.Server.Inference;
using Keel.Server.Metrics;
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

    private readonly bool _keyed;
    private readonly ServerMetrics _metrics;

    private ScoringTarget(ServedModel model, RoutingTable<ServedModel>? table, DeploymentRole role, ServedModel? shadow, bool keyed, ServerMetrics metrics)
    {
        Model = model;
        Table = table;
        Role = role;
        Shadow = shadow;
        _keyed = keyed;
        _metrics = metrics;
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

    /// <summary>A model served directly; its requests count in <paramref name="metrics"/>.</summary>
    public static ScoringTarget Direct(ServedModel model, ServerMetrics metrics) => new(model, null, DeploymentRole.Primary, null, keyed: false, metrics);

    /// <summary>A deployment's route; <paramref name="keyed"/> when a sticky key decided it.</summary>
    public static ScoringTarget Routed(RoutingTable<ServedModel> table, RoutedRequest<ServedModel> route, bool keyed, ServerMetrics metrics) =>
        new(route.Model, table, route.Role, route.Shadow, keyed, metrics);

    /// <summary>
    /// When no header gave a sticky key and the revision (A/B or canary) names a sticky key field, routes again by that
    /// field's value in the request's first row (a request goes to one variant as a whole); otherwise this target.
    /// </summary>
    public ScoringTarget RekeyBy(InputTable input)
    {
        if (_keyed || Table is not { } table || table.Revision.Spec.Parameters.StickyKey is not { } field
            || table.Revision.Spec.Strategy is not (DeploymentStrategy.AB or DeploymentStrategy.Canary) || input.Rows == 0 || !input.TryFind(field, out var cells))
        {
            return this;
        }
        var cell = cells[0];
        var key = cell.Kind switch
        {
            CellKind.String => cell.Text,
            CellKind.Number => cell.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CellKind.Boolean => cell.Number == 1 ? "true" : "false",
            _ => null,
        };
        return key is null ? this : Routed(table, table.Route(key, 0), keyed: true, _metrics);
    }

    private ScoringMeters Meters => Table is { } t
        ? _metrics.For(Model, t.Revision.Deployment, DeploymentTag.RoleName(Role))
        : _metrics.For(Model, "", "");

    /// <summary>Scores the request on the chosen model, logging it with the deployment's tag.</summary>
    public Task<ScoredBatch> ScoreAsync(PredictionRunner runner, InputTable input, string? requestId, long started, CancellationToken cancellationToken) =>
        runner.ScoreAsync(Model, input, requestId, started, Tag, null, cancellationToken);

    /// <summary>Counts a request that failed with HTTP <paramref name="status"/> against the model and role that were to answer.</summary>
    public void Failed(TimeProvider time, long started, int status)
    {
        var elapsed = time.GetElapsedTime(started);
        Table?.MetricsFor(Role).Record(elapsed.TotalMilliseconds, error: true);
        Meters.Failed(elapsed.TotalSeconds, status);
    }

    /// <summary>Counts a request the client gave up on (<see cref="ClientDisconnect"/>): not against the role.</summary>
    public void Abandoned(TimeProvider time, long started) => Meters.Failed(time.GetElapsedTime(started).TotalSeconds, ClientDisconnect.Status);

    /// <summary>
    /// Counts an answered request, names the revision in the response, and mirrors it to the shadow; true when the
    /// mirror took <paramref name="input"/> (it disposes it), false when it stays the caller's.
    /// </summary>
    public bool Answered(TimeProvider time, long started, HttpResponse response, ScoredBatch batch, InputTable input, string? requestId, ShadowMirror mirror)
    {
        var elapsed = time.GetElapsedTime(started);
        Meters.Answered(elapsed.TotalSeconds, batch.Predictions);
        if (Table is not { } table)
        {
            return false;
        }
        table.MetricsFor(Role).Record(elapsed.TotalMilliseconds, error: false);
        response.Headers[RevisionHeader] = table.Revision.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[RoleHeader] = DeploymentTag.RoleName(Role);
        return Shadow is { } shadow && mirror.Enqueue(table, shadow, input, batch, requestId);
    }
}
