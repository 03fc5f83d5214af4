using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Server.OpenInference;

/// <summary>
/// The JSON shapes of an Open Inference Protocol v2 infer request and answer, for the OpenAPI document only: the
/// endpoint reads and writes these bodies itself (<see cref="InferRequestReader"/>, <see cref="InferResponseWriter"/>).
/// </summary>
internal static class InferShapes
{
    /// <summary><c>POST /v2/models/{name}/infer</c>: one tensor per column (shape <c>[N]</c> or <c>[N,1]</c>) or one <c>[N, columns]</c> tensor.</summary>
    internal sealed record InferRequestBody
    {
        [JsonPropertyName("id")] public string? Id { get; init; }

        [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; init; }

        [JsonPropertyName("inputs")] public required InferInputTensor[] Inputs { get; init; }

        [JsonPropertyName("outputs")] public InferRequestedOutput[]? Outputs { get; init; }
    }

    /// <summary>An input tensor: FP64 numbers, BYTES categories/text/timestamps, BOOL.</summary>
    internal sealed record InferInputTensor
    {
        [JsonPropertyName("name")] public required string Name { get; init; }

        [JsonPropertyName("shape")] public required long[] Shape { get; init; }

        [JsonPropertyName("datatype")] public required string Datatype { get; init; }

        [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; init; }

        [JsonPropertyName("data")] public required JsonElement[] Data { get; init; }
    }

    /// <summary>An output the client asks for (all when none is named).</summary>
    internal sealed record InferRequestedOutput
    {
        [JsonPropertyName("name")] public required string Name { get; init; }
    }

    /// <summary>The answer: <c>prediction</c>, <c>probability_CLASS</c> per class and <c>prediction_id</c>.</summary>
    internal sealed record InferResponseBody(
        [property: JsonPropertyName("model_name")] string ModelName,
        [property: JsonPropertyName("model_version")] string ModelVersion,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("parameters")] InferResponseParameters Parameters,
        [property: JsonPropertyName("outputs")] InferOutputTensor[] Outputs);

    /// <summary>The server's id of the request; prediction ids are <c>{inference_id}:{row}</c>.</summary>
    internal sealed record InferResponseParameters([property: JsonPropertyName("inference_id")] string InferenceId);

    /// <summary>An output tensor of shape <c>[N]</c>.</summary>
    internal sealed record InferOutputTensor(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("shape")] long[] Shape,
        [property: JsonPropertyName("datatype")] string Datatype,
        [property: JsonPropertyName("data")] JsonElement[] Data);
}
