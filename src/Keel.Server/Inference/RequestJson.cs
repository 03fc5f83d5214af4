using System.Text.Json;
using Keel.Serving;
using Microsoft.AspNetCore.Http;

namespace Keel.Server.Inference;

/// <summary>Reads a request body as JSON; malformed JSON is the client's error, reported with where it broke.</summary>
internal static class RequestJson
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new InputValidationException($"the body is not valid JSON: {ex.Message}");
        }
    }
}
