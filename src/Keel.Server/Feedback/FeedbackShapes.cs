using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Server.Feedback;

/// <summary>The JSON shape of a <c>POST /feedback</c> body, for the OpenAPI document only (the endpoint reads it itself).</summary>
internal static class FeedbackShapes
{
    /// <summary>One label (<c>prediction_id</c> and <c>label</c>) or a batch (<c>feedback</c>).</summary>
    internal sealed record FeedbackRequestBody
    {
        [JsonPropertyName("prediction_id")] public string? PredictionId { get; init; }

        [JsonPropertyName("label")] public JsonElement? Label { get; init; }

        [JsonPropertyName("feedback")] public FeedbackItem[]? Feedback { get; init; }
    }

    /// <summary>A label (string, number or boolean) for the prediction with that id.</summary>
    internal sealed record FeedbackItem(
        [property: JsonPropertyName("prediction_id")] string PredictionId,
        [property: JsonPropertyName("label")] JsonElement Label);
}
