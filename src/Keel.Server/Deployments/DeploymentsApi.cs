using System.Text.Json;
using Keel.Serving.Deployments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Keel.Server.Deployments;

/// <summary>
/// The deployments REST API under <c>/api/deployments</c>: list, show (with the served revision's per-role metrics,
/// shadow agreement and A/B significance), create, revise, switch (blue-green) and roll back. Bodies and answers are
/// snake_case JSON (<see cref="DeploymentViews"/>); a create or revise body is a <see cref="DeploymentRequest"/>
/// (<c>strategy</c>, <c>model</c>, <c>candidate</c>, <c>canary_steps</c>, <c>step_duration</c>, …) plus <c>name</c>
/// (create), <c>expected_revision</c> (revise) and <c>reason</c>. Errors answer <c>{"error": "..."}</c> naming the
/// field: 400 for a bad body, 404 for an unknown deployment or revision, 409 for a name taken or a revision moved on.
/// Every change is served at once (the server refreshes its tables before answering).
/// </summary>
public static class DeploymentsApi
{
    /// <summary>Maps <c>/api/deployments</c>.</summary>
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/deployments").WithTags("Deployments");
        api.MapGet("/", ListAsync)
            .WithSummary("List deployments")
            .Produces<DeploymentView[]>(StatusCodes.Status200OK);
        api.MapGet("/{name}", GetAsync)
            .WithSummary("Show a deployment")
            .WithDescription("The current revision and, for the served revision, per-role requests, errors, latency percentiles, shadow agreement and A/B significance.")
            .Produces<DeploymentView>(StatusCodes.Status200OK)
            .Produces<ErrorBody>(StatusCodes.Status404NotFound);
        api.MapGet("/{name}/revisions", HistoryAsync)
            .WithSummary("A deployment's revisions")
            .Produces<RevisionView[]>(StatusCodes.Status200OK)
            .Produces<ErrorBody>(StatusCodes.Status404NotFound);
        Change(api.MapPost("/", CreateAsync), StatusCodes.Status201Created)
            .WithSummary("Create a deployment")
            .WithDescription("The body is a deployment spec plus name (required) and reason. 409 when the name is taken.")
            .WithRequestBody("The deployment", required: true, ("application/json", typeof(DeploymentRequest)));
        Change(api.MapPost("/{name}/revisions", ReviseAsync), StatusCodes.Status201Created)
            .WithSummary("Revise a deployment")
            .WithDescription("The body is a deployment spec plus reason and expected_revision (409 when the deployment has moved on); without model the primary stays.")
            .WithRequestBody("The new revision", required: true, ("application/json", typeof(DeploymentRequest)));
        Change(api.MapPost("/{name}/switch", SwitchAsync), StatusCodes.Status200OK)
            .WithSummary("Switch a blue-green deployment")
            .WithRequestBody("Why (optional)", required: false, ("application/json", typeof(DeploymentShapes.SwitchRequestBody)));
        Change(api.MapPost("/{name}/rollback", RollbackAsync), StatusCodes.Status200OK)
            .WithSummary("Roll back to an earlier revision")
            .WithRequestBody("The revision to re-activate", required: true, ("application/json", typeof(DeploymentShapes.RollbackRequestBody)));
        return endpoints;
    }

    // Changes answer the new revision, or an error naming the field; the handlers read the body themselves.
    private static RouteHandlerBuilder Change(RouteHandlerBuilder endpoint, int status) => endpoint
        .Produces<RevisionView>(status)
        .Produces<ErrorBody>(StatusCodes.Status400BadRequest)
        .Produces<ErrorBody>(StatusCodes.Status404NotFound)
        .Produces<ErrorBody>(StatusCodes.Status409Conflict);

    internal static async Task<JsonHttpResult<DeploymentView[]>> ListAsync(DeploymentHost host, CancellationToken cancellationToken)
    {
        var deployments = await host.Catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        return Json(deployments.Select(d => DeploymentViews.Of(d, host.Find(d.Name))).ToArray());
    }

    internal static async Task<Results<JsonHttpResult<DeploymentView>, JsonHttpResult<ErrorBody>>> GetAsync(
        string name, DeploymentHost host, CancellationToken cancellationToken) =>
        await host.Catalog.GetAsync(name, cancellationToken).ConfigureAwait(false) is { } deployment
            ? Json(DeploymentViews.Of(deployment, host.Find(name)))
            : NotFound(name);

    internal static async Task<Results<JsonHttpResult<RevisionView[]>, JsonHttpResult<ErrorBody>>> HistoryAsync(
        string name, DeploymentHost host, CancellationToken cancellationToken)
    {
        var history = await host.Catalog.GetHistoryAsync(name, cancellationToken).ConfigureAwait(false);
        return history.Count == 0 ? NotFound(name) : Json(history.Select(DeploymentViews.Of).ToArray());
    }

    internal static Task<JsonHttpResult<object>> CreateAsync(HttpRequest request, DeploymentHost host, CancellationToken cancellationToken) =>
        ChangeAsync(request, host, StatusCodes.Status201Created, async (body, ct) =>
        {
            var name = body.Text("name") ?? throw new ArgumentException("name: required");
            if (await host.Catalog.GetAsync(name, ct).ConfigureAwait(false) is not null)
            {
                throw new ApiError(StatusCodes.Status409Conflict, $"name: deployment '{name}' already exists; post a revision to /api/deployments/{name}/revisions");
            }
            return await host.Catalog.CreateAsync(name, body.Spec(), body.Text("reason"), ct).ConfigureAwait(false);
        }, cancellationToken);

    internal static Task<JsonHttpResult<object>> ReviseAsync(string name, HttpRequest request, DeploymentHost host, CancellationToken cancellationToken) =>
        ChangeAsync(request, host, StatusCodes.Status201Created, async (body, ct) =>
        {
            await RequireAsync(host, name, ct).ConfigureAwait(false);
            return await host.Catalog.ReviseAsync(name, body.Spec(), body.Text("reason"), body.Integer("expected_revision"), ct).ConfigureAwait(false);
        }, cancellationToken);

    internal static Task<JsonHttpResult<object>> SwitchAsync(string name, HttpRequest request, DeploymentHost host, CancellationToken cancellationToken) =>
        ChangeAsync(request, host, StatusCodes.Status200OK, async (body, ct) =>
        {
            await RequireAsync(host, name, ct).ConfigureAwait(false);
            return await host.Catalog.SwitchAsync(name, body.Text("reason"), ct).ConfigureAwait(false);
        }, cancellationToken);

    internal static Task<JsonHttpResult<object>> RollbackAsync(string name, HttpRequest request, DeploymentHost host, CancellationToken cancellationToken) =>
        ChangeAsync(request, host, StatusCodes.Status200OK, async (body, ct) =>
        {
            await RequireAsync(host, name, ct).ConfigureAwait(false);
            var revision = body.Integer("revision") ?? throw new ArgumentException("revision: required (the revision to re-activate)");
            if (await host.Catalog.GetRevisionAsync(name, revision, ct).ConfigureAwait(false) is null)
            {
                throw new ApiError(StatusCodes.Status404NotFound, $"revision: deployment '{name}' has no revision {revision}");
            }
            return await host.Catalog.RollbackAsync(name, revision, body.Text("reason"), ct).ConfigureAwait(false);
        }, cancellationToken);

    // Every change: read the body, apply, serve the new revision at once, answer it; failures map to 4xx naming the field.
    private static async Task<JsonHttpResult<object>> ChangeAsync(
        HttpRequest request, DeploymentHost host, int status, Func<Body, CancellationToken, Task<DeploymentRevision>> change, CancellationToken cancellationToken)
    {
        try
        {
            using var json = request.ContentLength == 0
                ? JsonDocument.Parse("{}")
                : await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Error(StatusCodes.Status400BadRequest, "body: expected a JSON object");
            }
            var revision = await change(new Body(json.RootElement), cancellationToken).ConfigureAwait(false);
            await host.RefreshAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Json<object>(DeploymentViews.Of(revision), DeploymentViews.Options, statusCode: status);
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, $"body: {(ex.Path is { Length: > 1 } path ? path[2..] + ": " : "")}{ex.Message}");
        }
        catch (ApiError ex)
        {
            return Error(ex.Status, ex.Message);
        }
        catch (DeploymentConflictException ex)
        {
            return Error(StatusCodes.Status409Conflict, "expected_revision: " + ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // The catalog's refusals: a model reference that resolves to nothing usable, a switch of a non-blue-green.
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private static async Task RequireAsync(DeploymentHost host, string name, CancellationToken cancellationToken)
    {
        if (await host.Catalog.GetAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ApiError(StatusCodes.Status404NotFound, $"no deployment '{name}'");
        }
    }

    private static JsonHttpResult<T> Json<T>(T value) => TypedResults.Json(value, DeploymentViews.Options);

    private static JsonHttpResult<ErrorBody> NotFound(string name) =>
        TypedResults.Json(new ErrorBody($"no deployment '{name}'"), DeploymentViews.Options, statusCode: StatusCodes.Status404NotFound);

    private static JsonHttpResult<object> Error(int status, string message) =>
        TypedResults.Json<object>(new ErrorBody(message), DeploymentViews.Options, statusCode: status);

    /// <summary>A refusal with its HTTP status, thrown by a change and answered by <see cref="ChangeAsync"/>.</summary>
    private sealed class ApiError(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }

    /// <summary>A change's JSON body.</summary>
    private readonly struct Body(JsonElement root)
    {
        public DeploymentSpec Spec() => (root.Deserialize<DeploymentRequest>(DeploymentViews.Options) ?? new DeploymentRequest()).ToSpec();

        public string? Text(string field) => root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ArgumentException($"{field}: expected a string")
            : null;

        public int? Integer(string field) => root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.TryGetInt32(out var number) ? number : throw new ArgumentException($"{field}: expected an integer")
            : null;
    }
}
