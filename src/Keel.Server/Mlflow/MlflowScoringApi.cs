using Keel.Server.Deployments;
using Keel.Server.Inference;
using Keel.Serving;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Keel.Server.Mlflow;

/// <summary>
/// MLflow's scoring protocol (what <c>mlflow models serve</c> answers): <c>POST /invocations</c> scores the server's
/// first model, <c>POST /invocations/{name}</c> the model or deployment of that name; <c>GET /ping</c> and <c>/health</c> answer 200 when it is up; <c>GET /version</c> gives the server's
/// version. Each answer carries <c>X-Keel-Model-Version</c> and <c>X-Keel-Inference-Id</c>; the prediction of row r
/// (0-based) has id <c>{inference id}:{r}</c>.
/// </summary>
public static class MlflowScoringApi
{
    /// <summary>The response header with the version of the model that answered.</summary>
    public const string ModelVersionHeader = "X-Keel-Model-Version";

    /// <summary>The response header with the request's inference id, from which the prediction ids are formed.</summary>
    public const string InferenceIdHeader = "X-Keel-Inference-Id";

    /// <summary>Maps <c>/invocations</c>, <c>/ping</c>, <c>/health</c> and <c>/version</c>.</summary>
    public static IEndpointRouteBuilder MapMlflowScoringApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ping", () => TypedResults.Ok()).WithTags("MLflow scoring");
        endpoints.MapGet("/health", () => TypedResults.Ok()).WithTags("MLflow scoring");
        endpoints.MapGet("/version", () => TypedResults.Text(ServerInfo.Version)).WithTags("MLflow scoring");
        endpoints.MapPost("/invocations", InvokeDefaultAsync).WithTags("MLflow scoring");
        endpoints.MapPost("/invocations/{name}", InvokeAsync).WithTags("MLflow scoring");
        return endpoints;
    }

    internal static Task<Results<FileContentHttpResult, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> InvokeDefaultAsync(
        HttpContext context, ScoringTargets targets, PredictionRunner runner, ShadowMirror mirror, TimeProvider time, CancellationToken cancellationToken) =>
        targets.Default is { } model
            ? ScoreAsync(context, targets.Direct(model), runner, mirror, time, time.GetTimestamp(), cancellationToken)
            : Task.FromResult<Results<FileContentHttpResult, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>>(TypedResults.Json(
                new MlflowError("RESOURCE_DOES_NOT_EXIST", "this server serves deployments only; post to /invocations/NAME"), statusCode: StatusCodes.Status404NotFound));

    /// <summary><c>POST /invocations/{name}</c>: scores with the model or deployment <paramref name="name"/>.</summary>
    internal static Task<Results<FileContentHttpResult, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> InvokeAsync(
        string name, HttpContext context, ScoringTargets targets, PredictionRunner runner, ShadowMirror mirror, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        return targets.Resolve(name, null, context.Request, out var error) is { } target
            ? ScoreAsync(context, target, runner, mirror, time, started, cancellationToken)
            : Task.FromResult<Results<FileContentHttpResult, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>>(
                TypedResults.Json(new MlflowError("RESOURCE_DOES_NOT_EXIST", error!), statusCode: StatusCodes.Status404NotFound));
    }

    private static async Task<Results<FileContentHttpResult, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> ScoreAsync(
        HttpContext context, ScoringTarget target, PredictionRunner runner, ShadowMirror mirror, TimeProvider time, long started, CancellationToken cancellationToken)
    {
        var served = target.Model;
        var request = context.Request;
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        try
        {
            InputTable input;
            if (string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
            {
                input = await ScoringRequestReader.ReadCsvAsync(request.Body, served.Binder, cancellationToken).ConfigureAwait(false);
            }
            else if (mediaType is null || string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                using var json = await RequestJson.ReadAsync(request, cancellationToken).ConfigureAwait(false);
                input = ScoringRequestReader.ReadJson(json.RootElement, served.Binder);
            }
            else
            {
                target.Failed(time, started, StatusCodes.Status415UnsupportedMediaType);
                return TypedResults.Json(new MlflowError("BAD_REQUEST",
                    $"content type '{mediaType}' is not supported; send application/json or text/csv"), statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
            target = target.RekeyBy(input);
            served = target.Model;
            var batch = await target.ScoreAsync(runner, input, null, started, cancellationToken).ConfigureAwait(false);
            target.Answered(time, started, context.Response, batch, input, null, mirror);
            context.Response.Headers[ModelVersionHeader] = served.Version;
            context.Response.Headers[InferenceIdHeader] = batch.InferenceId;
            return TypedResults.Bytes(ScoringResponseWriter.Write(batch), "application/json");
        }
        catch (InputValidationException ex)
        {
            target.Failed(time, started, StatusCodes.Status400BadRequest);
            return TypedResults.BadRequest(new MlflowError("BAD_REQUEST", ex.Message));
        }
        catch (InferenceLogException ex)
        {
            target.Failed(time, started, StatusCodes.Status503ServiceUnavailable);
            return TypedResults.Json(new MlflowError("TEMPORARILY_UNAVAILABLE", ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A model that fails on a request fails that request only; a deployment counts it against the role.
            target.Failed(time, started, StatusCodes.Status500InternalServerError);
            return TypedResults.Json(new MlflowError("INTERNAL_ERROR", $"model '{served.Name}' version {served.Version} failed: {ex.Message}"),
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
