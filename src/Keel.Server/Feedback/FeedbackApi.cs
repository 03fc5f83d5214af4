using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Keel.Server.Deployments;
using Keel.Server.Metrics;
using Keel.Server.Monitoring;
using Keel.Serving.Deployments;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Server.Feedback;

/// <summary>
/// <c>POST /feedback</c>: true labels, arriving later, joined to logged predictions by prediction id. One label:
/// <c>{"prediction_id": "ID", "label": "yes"}</c>; a batch: <c>{"feedback": [{"prediction_id", "label"}, ...]}</c>. A label
/// is a string, number or boolean (stored as text; numbers in invariant culture). Answers
/// <c>{"accepted": n, "unknown_prediction_ids": [...]}</c>; each first label of a prediction a deployment answered also feeds
/// the quality metric of the role that answered it (see <see cref="PredictionQuality"/>): canary quality gates and A/B
/// significance read it. Status: 200 when at least one label was stored, 404 when none of the
/// ids is in the log, 400 naming the item and field for a malformed body, 503 when the server keeps no inference log.
/// </summary>
public static class FeedbackApi
{
    /// <summary>The most labels one request may carry.</summary>
    public const int MaxItems = 10_000;

    /// <summary>Maps <c>POST /feedback</c>.</summary>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/feedback", RecordAsync)
            .WithTags("Feedback")
            .WithSummary("Join true labels to logged predictions")
            .WithDescription("""
                One label {"prediction_id", "label"} or a batch {"feedback": [...]} of at most 10,000; a label is a string,
                number or boolean, and a later one replaces an earlier one. 200 when at least one label was stored, 404 when
                no id is in the inference log, 400 naming the item and field, 503 when the server keeps no inference log.
                """)
            .WithRequestBody("Labels by prediction id", required: true, ("application/json", typeof(FeedbackShapes.FeedbackRequestBody)))
            .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<Results<Ok<FeedbackResult>, NotFound<FeedbackResult>, BadRequest<ErrorBody>, JsonHttpResult<ErrorBody>>> RecordAsync(
        HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<InferenceLog>() is not { } log)
        {
            return TypedResults.Json(new ErrorBody("feedback needs the inference log: run keel serve inside a workspace (keel init)"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        List<(string, string)> labels;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            labels = Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return TypedResults.BadRequest(new ErrorBody($"the body is not valid JSON: {ex.Message}"));
        }
        catch (FormatException ex)
        {
            return TypedResults.BadRequest(new ErrorBody(ex.Message));
        }
        var outcome = await log.RecordFeedbackAsync(labels, cancellationToken).ConfigureAwait(false);
        services.GetService<ServerMetrics>()?.Feedback.Add(outcome.Accepted);
        if (services.GetService<DeploymentHost>() is { } deployments)
        {
            RecordQuality(deployments, outcome.Stored);
        }
        services.GetService<LiveMonitor>()?.ObserveLabels([.. outcome.Stored.Where(l => !l.Relabelled)]);
        var result = new FeedbackResult(outcome.Accepted, outcome.Unknown);
        return outcome.Accepted == 0 && outcome.Unknown.Count > 0 ? TypedResults.NotFound(result) : TypedResults.Ok(result);
    }

    /// <summary>
    /// Feeds each first label of a prediction a deployment answered into the quality metric of the role that answered
    /// it, if the deployment still serves that revision (metrics are per revision; a label for an older revision is
    /// stored, not counted). A replacing label is not counted again.
    /// </summary>
    private static void RecordQuality(DeploymentHost deployments, IReadOnlyList<JoinedLabel> stored)
    {
        foreach (var labelled in stored)
        {
            if (labelled is not { Relabelled: false, Deployment: { } name, DeploymentRevision: { } revision, DeploymentRole: { } roleName }
                || deployments.Find(name) is not { } table || table.Revision.Number != revision
                || RoleOf(roleName) is not { } role || PredictionQuality.Score(labelled.OutputsJson, labelled.Label) is not { } score)
            {
                continue;
            }
            table.MetricsFor(role).RecordQuality(score);
        }
    }

    private static DeploymentRole? RoleOf(string name) => name switch
    {
        "primary" => DeploymentRole.Primary,
        "candidate" => DeploymentRole.Candidate,
        _ => null,
    };

    private static List<(string, string)> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object: {\"prediction_id\": ..., \"label\": ...} or {\"feedback\": [...]}");
        }
        if (!root.TryGetProperty("feedback", out var list))
        {
            return [Item(root, null)];
        }
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new FormatException("'feedback' must be a non-empty array of {\"prediction_id\", \"label\"} objects");
        }
        if (list.GetArrayLength() > MaxItems)
        {
            throw new FormatException($"'feedback' holds {list.GetArrayLength()} items; at most {MaxItems} per request");
        }
        var items = new List<(string, string)>(list.GetArrayLength());
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            items.Add(Item(item, index++));
        }
        return items;
    }

    private static (string, string) Item(JsonElement item, int? index)
    {
        var where = index is { } i ? $"feedback[{i}]" : "the body";
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}: expected an object with 'prediction_id' and 'label'");
        }
        if (!item.TryGetProperty("prediction_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } predictionId)
        {
            throw new FormatException($"{where}: 'prediction_id' must be a non-empty string (the id a prediction was answered with)");
        }
        if (!item.TryGetProperty("label", out var label))
        {
            throw new FormatException($"{where}: 'label' is missing");
        }
        var text = label.ValueKind switch
        {
            JsonValueKind.String when label.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => label.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new FormatException($"{where}: 'label' must be a non-empty string, a number or a boolean"),
        };
        return (predictionId, text);
    }
}

/// <summary>The answer of <c>POST /feedback</c>.</summary>
/// <param name="Accepted">Labels stored.</param>
/// <param name="UnknownPredictionIds">Ids the inference log does not hold (nothing stored for them).</param>
public sealed record FeedbackResult(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("unknown_prediction_ids")] IReadOnlyList<string> UnknownPredictionIds);
