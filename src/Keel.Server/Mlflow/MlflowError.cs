using System.Text.Json.Serialization;

namespace Keel.Server.Mlflow;

/// <summary>MLflow's error answer, <c>{"error_code": "BAD_REQUEST", "message": "..."}</c>, which MLflow clients show.</summary>
internal sealed record MlflowError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("message")] string Message);
