using Keel.Server.Deployments;
using Keel.Server.Inference;
using Keel.Serving;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Keel.Server.OpenInference;

/// <summary>
/// The Open Inference Protocol v2 over HTTP/REST, as served by KServe, Seldon MLServer and Triton: health, server and
/// model metadata, model readiness and inference, under <c>/v2</c>. Errors answer <c>{"error": "..."}</c>: 400 for a
/// request that does not fit, 404 for an unknown model or version, 503 when the
/// inference log cannot record the predictions (nothing is answered without its record).
/// </summary>
public static class OpenInferenceApi
{
    /// <summary>Maps the <c>/v2</c> endpoints.</summary>
    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder endpoints)
    {
        var v2 = endpoints.MapGroup("/v2").WithTags("Open Inference Protocol v2");
        v2.MapGet("/health/live", () => TypedResults.Ok(new LiveResponse(true)))
            .WithSummary("Server liveness").WithDescription("200 while the process answers; never limited by admission control.");
        v2.MapGet("/health/ready", () => TypedResults.Ok(new ReadyResponse(true)))
            .WithSummary("Server readiness").WithDescription("200 once the models are loaded; never limited by admission control.");
        v2.MapGet("/", () => TypedResults.Ok(new ServerMetadata("keel", ServerInfo.Version, [])))
            .WithSummary("Server metadata");
        v2.MapGet("/models/{name}", GetModel)
            .WithSummary("Model metadata").WithDescription(ModelMetadataDescription);
        v2.MapGet("/models/{name}/versions/{version}", GetModel)
            .WithSummary("Model metadata of a version").WithDescription(ModelMetadataDescription);
        v2.MapGet("/models/{name}/ready", GetModelReady)
            .WithSummary("Model readiness");
        v2.MapGet("/models/{name}/versions/{version}/ready", GetModelReady)
            .WithSummary("Model readiness of a version");
        var s = ScoringServices.From(endpoints.ServiceProvider);
        Infer(v2.MapPost("/models/{name}/infer", (string name, HttpRequest request, CancellationToken cancellationToken) =>
                InferAsync(name, null, request, s, cancellationToken)))
            .WithSummary("Score rows");
        Infer(v2.MapPost("/models/{name}/versions/{version}/infer", (string name, string version, HttpRequest request, CancellationToken cancellationToken) =>
                InferAsync(name, version, request, s, cancellationToken)))
            .WithSummary("Score rows with a version");
        return endpoints;
    }

    private const string ModelMetadataDescription =
        "Inputs with their datatypes (FP64 numbers, BYTES categories/text/timestamps, BOOL) and outputs: prediction, probability_CLASS per class, prediction_id.";

    // The handler reads and writes the bodies itself, so their shapes and the non-inferable answers are declared here.
    private static RouteHandlerBuilder Infer(RouteHandlerBuilder endpoint) => endpoint
        .WithDescription("""
            One tensor per column (shape [N] or [N,1]) or one [N, columns] tensor in the metadata's input order. Every
            prediction is written to the inference log before the answer; its id is {parameters.inference_id}:{row}.
            400 names each column and row that does not fit the model's schema; 503 when the log cannot record.
            """)
        .WithRequestBody("An inference request", required: true, ("application/json", typeof(InferShapes.InferRequestBody)))
        .Produces<InferShapes.InferResponseBody>(StatusCodes.Status200OK, "application/json")
        .Produces<ErrorBody>(StatusCodes.Status500InternalServerError)
        .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable);

    internal static Results<Ok<ModelMetadata>, NotFound<ErrorBody>> GetModel(string name, string? version, ScoringTargets targets)
    {
        if (targets.Describe(name, version, out var error) is not { } served)
        {
            return TypedResults.NotFound(new ErrorBody(error!));
        }
        var inputs = served.Binder.Features.Select(c => new TensorMetadata(c.Name, OutputTensors.DatatypeOf(c.Type), [-1])).ToArray();
        var outputs = OutputTensors.Of(served.Model).Select(o => new TensorMetadata(o.Name, o.Datatype, [-1])).ToArray();
        return TypedResults.Ok(new ModelMetadata(served.Name, [served.Version], "keel-" + served.Model.Algorithm, inputs, outputs));
    }

    internal static Results<Ok<ReadyResponse>, NotFound<ErrorBody>> GetModelReady(string name, string? version, ScoringTargets targets) =>
        targets.Describe(name, version, out var error) is null
            ? TypedResults.NotFound(new ErrorBody(error!))
            : TypedResults.Ok(new ReadyResponse(true));

    internal static async Task<Results<JsonAnswer, BadRequest<ErrorBody>, NotFound<ErrorBody>, JsonHttpResult<ErrorBody>>> InferAsync(
        string name, string? version, HttpRequest request, ScoringServices s, CancellationToken cancellationToken)
    {
        var time = s.Time;
        var started = time.GetTimestamp();
        if (s.Targets.Resolve(name, version, request, out var error) is not { } target)
        {
            return TypedResults.NotFound(new ErrorBody(error!));
        }
        var served = target.Model;
        InputTable? input = null;
        var mirrored = false;
        try
        {
            using var json = await RequestJson.ReadAsync(request, cancellationToken).ConfigureAwait(false);
            var infer = InferRequestReader.Read(json.RootElement, served.Binder);
            input = infer.Input;
            target = target.RekeyBy(infer.Input);
            served = target.Model;
            var outputs = InferResponseWriter.Select(served, infer.Outputs);
            var batch = await target.ScoreAsync(s.Runner, infer.Input, infer.Id, started, cancellationToken).ConfigureAwait(false);
            mirrored = target.Answered(time, started, request.HttpContext.Response, batch, infer.Input, infer.Id, s.Mirror);
            return new JsonAnswer(InferResponseWriter.Write(batch, infer, outputs));
        }
        catch (Exception ex) when (ClientDisconnect.Caused(ex, request.HttpContext))
        {
            // Nobody reads this answer; the status is for the access log.
            target.Abandoned(time, started);
            return TypedResults.Json(new ErrorBody("the client closed the connection"), statusCode: ClientDisconnect.Status);
        }
        catch (InputValidationException ex)
        {
            target.Failed(time, started, StatusCodes.Status400BadRequest);
            return TypedResults.BadRequest(new ErrorBody(ex.Message));
        }
        catch (InferenceLogException ex)
        {
            s.Log.LogError(ex, "POST {Path}: the inference log failed", request.Path);
            target.Failed(time, started, StatusCodes.Status503ServiceUnavailable);
            return TypedResults.Json(new ErrorBody(ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A model that fails on a request fails that request only; a deployment counts it against the role.
            s.Log.LogError(ex, "POST {Path}: model '{Model}' version {Version} failed", request.Path, served.Name, served.Version);
            target.Failed(time, started, StatusCodes.Status500InternalServerError);
            return TypedResults.Json(new ErrorBody($"model '{served.Name}' version {served.Version} failed: {ex.Message}"), statusCode: StatusCodes.Status500InternalServerError);
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
