namespace Keel.Storage;

/// <summary>One prediction as the inference log keeps it.</summary>
/// <param name="PredictionId">Unique id of this prediction: <c>{InferenceId}:{Row}</c>; feedback joins on it.</param>
/// <param name="InferenceId">The server's id of the request the row came in (one per request).</param>
/// <param name="RequestId">The id the client gave the request, if any.</param>
/// <param name="ModelName">The name the model is served under.</param>
/// <param name="ModelVersion">The model's version (registry version, or the file's content hash prefix).</param>
/// <param name="Row">The row's 0-based position in the request.</param>
/// <param name="InputsJson">The row's inputs as a JSON object; columns flagged pii are already masked.</param>
/// <param name="OutputsJson">The prediction as a JSON object.</param>
/// <param name="LatencyMicroseconds">Time from request received to prediction made, for the whole request.</param>
/// <param name="Time">When the request was scored.</param>
public sealed record InferenceRecord(
    string PredictionId,
    string InferenceId,
    string? RequestId,
    string ModelName,
    string ModelVersion,
    int Row,
    string InputsJson,
    string OutputsJson,
    long LatencyMicroseconds,
    DateTimeOffset Time)
{
    /// <summary>The deployment that routed the request, or null for a model served directly.</summary>
    public string? Deployment { get; init; }

    /// <summary>The deployment's revision that routed the request, or null.</summary>
    public int? DeploymentRevision { get; init; }

    /// <summary><c>primary</c>, <c>candidate</c> or <c>shadow</c> (logged, never answered); null without a deployment.</summary>
    public string? DeploymentRole { get; init; }
}
