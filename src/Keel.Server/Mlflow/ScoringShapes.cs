using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Server.Mlflow;

/// <summary>
/// The JSON shapes of MLflow's scoring request and answer, for the OpenAPI document only: the endpoint reads and
/// writes these bodies itself (<see cref="ScoringRequestReader"/>, <see cref="ScoringResponseWriter"/>).
/// </summary>
internal static class ScoringShapes
{
    /// <summary>One of the four forms MLflow accepts; give exactly one of the properties.</summary>
    internal sealed record ScoringRequestBody
    {
        [JsonPropertyName("dataframe_split")] public DataframeSplit? DataframeSplit { get; init; }

        [JsonPropertyName("dataframe_records")] public Dictionary<string, JsonElement>[]? DataframeRecords { get; init; }

        [JsonPropertyName("instances")] public JsonElement[]? Instances { get; init; }

        [JsonPropertyName("inputs")] public JsonElement? Inputs { get; init; }
    }

    /// <summary>pandas' <c>split</c> orientation: column names and rows of values.</summary>
    internal sealed record DataframeSplit(
        [property: JsonPropertyName("columns")] string[] Columns,
        [property: JsonPropertyName("data")] JsonElement[][] Data);

    /// <summary>Per row the value (regression) or <c>{"prediction": CLASS, "probability_CLASS": p, ...}</c>.</summary>
    internal sealed record ScoringResponseBody([property: JsonPropertyName("predictions")] JsonElement[] Predictions);
}
