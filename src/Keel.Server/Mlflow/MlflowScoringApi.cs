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
/// first model; <c>GET /ping</c> and <c>/health</c> answer 200 when it is up; <c>GET /version</c> gives the server's
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
        endpoints.MapPost("/invocations", InvokeAsync).WithTags("MLflow scoring");
        return endpoints;
    }

    internal static async Task<Results<FileContentHttpResult, BadRequest<MlflowError>, JsonHttpResult<MlflowError>>> InvokeAsync(
        HttpContext context, ModelCatalog catalog, PredictionRunner runner, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var served = catalog.Default;
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
                return TypedResults.Json(new MlflowError("BAD_REQUEST",
                    $"content type '{mediaType}' is not supported; send application/json or text/csv"), statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
            var batch = await runner.ScoreAsync(served, input, null, started, cancellationToken).ConfigureAwait(false);
            context.Response.Headers[ModelVersionHeader] = served.Version;
            context.Response.Headers[InferenceIdHeader] = batch.InferenceId;
            return TypedResults.Bytes(ScoringResponseWriter.Write(batch), "application/json");
        }
        catch (InputValidationException ex)
        {
            return TypedResults.BadRequest(new MlflowError("BAD_REQUEST", ex.Message));
        }
        catch (InferenceLogException ex)
        {
            return TypedResults.Json(new MlflowError("TEMPORARILY_UNAVAILABLE", ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
