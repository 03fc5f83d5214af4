using Keel.Server.Deployments;
using Keel.Server.Inference;
using Keel.Serving;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

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
        var mlflow = endpoints.MapGroup("").WithTags("MLflow scoring");
        mlflow.MapGet("/ping", () => TypedResults.Ok()).WithSummary("Liveness (MLflow)");
        mlflow.MapGet("/health", () => TypedResults.Ok()).WithSummary("Health (MLflow)");
        mlflow.MapGet("/version", () => TypedResults.Text(ServerInfo.Version))
            .WithSummary("Server version").Produces<string>(StatusCodes.Status200OK, "text/plain");
        var s = ScoringServices.From(endpoints.ServiceProvider);
        Scoring(mlflow.MapPost("/invocations", (HttpContext context, CancellationToken cancellationToken) =>
                InvokeDefaultAsync(context, s, cancellationToken)))
            .WithSummary("Score rows with the server's first model");
        Scoring(mlflow.MapPost("/invocations/{name}", (string name, HttpContext context, CancellationToken cancellationToken) =>
                InvokeAsync(name, context, s, cancellationToken)))
            .WithSummary("Score rows with a model or deployment");
        return endpoints;
    }

    // The handler reads and writes the bodies itself, so their shapes and the non-inferable answers are declared here.
    private static RouteHandlerBuilder Scoring(RouteHandlerBuilder endpoint) => endpoint
        .WithDescription("""
            MLflow's scoring protocol: dataframe_split, dataframe_records, instances or inputs as JSON, or a CSV body with
            a header. Answers {"predictions": [...]} with headers X-Keel-Model-Version and X-Keel-Inference-Id; the
            prediction of row r has id {inference id}:{r}. 400 names each column and row (CSV: line) that does not fit.
            """)
        .WithRequestBody("Rows to score", required: true,
            ("application/json", typeof(ScoringShapes.ScoringRequestBody)), ("text/csv", typeof(string)))
        .Produces<ScoringShapes.ScoringResponseBody>(StatusCodes.Status200OK, "application/json")
        .Produces<MlflowError>(StatusCodes.Status404NotFound)
        .Produces<MlflowError>(StatusCodes.Status415UnsupportedMediaType)
        .Produces<MlflowError>(StatusCodes.Status500InternalServerError)
        .Produces<MlflowError>(StatusCodes.Status503ServiceUnavailable);

    internal static Task<Results<JsonAnswer, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> InvokeDefaultAsync(
        HttpContext context, ScoringServices s, CancellationToken cancellationToken) =>
        s.Targets.Default is { } model
            ? ScoreAsync(context, s.Targets.Direct(model), s, s.Time.GetTimestamp(), cancellationToken)
            : Task.FromResult<Results<JsonAnswer, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>>(TypedResults.Json(
                new MlflowError("RESOURCE_DOES_NOT_EXIST", "this server serves deployments only; post to /invocations/NAME"), statusCode: StatusCodes.Status404NotFound));

    // POST /invocations/{name}: scores with the model or deployment of that name.
    internal static Task<Results<JsonAnswer, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> InvokeAsync(
        string name, HttpContext context, ScoringServices s, CancellationToken cancellationToken)
    {
        var started = s.Time.GetTimestamp();
        return s.Targets.Resolve(name, null, context.Request, out var error) is { } target
            ? ScoreAsync(context, target, s, started, cancellationToken)
            : Task.FromResult<Results<JsonAnswer, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>>(
                TypedResults.Json(new MlflowError("RESOURCE_DOES_NOT_EXIST", error!), statusCode: StatusCodes.Status404NotFound));
    }

    private static async Task<Results<JsonAnswer, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> ScoreAsync(
        HttpContext context, ScoringTarget target, ScoringServices s, long started, CancellationToken cancellationToken)
    {
        var time = s.Time;
        var served = target.Model;
        var request = context.Request;
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        InputTable? input = null;
        var mirrored = false;
        try
        {
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
            var batch = await target.ScoreAsync(s.Runner, input, null, started, cancellationToken).ConfigureAwait(false);
            mirrored = target.Answered(time, started, context.Response, batch, input, null, s.Mirror);
            context.Response.Headers[ModelVersionHeader] = served.Version;
            context.Response.Headers[InferenceIdHeader] = batch.InferenceId;
            return new JsonAnswer(ScoringResponseWriter.Write(batch));
        }
        catch (Exception ex) when (ClientDisconnect.Caused(ex, context))
        {
            // Nobody reads this answer; the status is for the access log.
            target.Abandoned(time, started);
            return TypedResults.Json(new MlflowError("CLIENT_CLOSED_REQUEST", "the client closed the connection"), statusCode: ClientDisconnect.Status);
        }
        catch (InputValidationException ex)
        {
            target.Failed(time, started, StatusCodes.Status400BadRequest);
            return TypedResults.BadRequest(new MlflowError("BAD_REQUEST", ex.Message));
        }
        catch (InferenceLogException ex)
        {
            s.Log.LogError(ex, "POST {Path}: the inference log failed", context.Request.Path);
            target.Failed(time, started, StatusCodes.Status503ServiceUnavailable);
            return TypedResults.Json(new MlflowError("TEMPORARILY_UNAVAILABLE", ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A model that fails on a request fails that request only; a deployment counts it against the role.
            s.Log.LogError(ex, "POST {Path}: model '{Model}' version {Version} failed", context.Request.Path, served.Name, served.Version);
            target.Failed(time, started, StatusCodes.Status500InternalServerError);
            return TypedResults.Json(new MlflowError("INTERNAL_ERROR", $"model '{served.Name}' version {served.Version} failed: {ex.Message}"),
                statusCode: StatusCodes.Status500InternalServerError);
        }
        finally
        {
            // Bound and scored: the table's pooled cells go back, unless the shadow mirror still has to score it.
            if (!mirrored)
            {
                input?.Dispose();
            }
        }
    }
}
