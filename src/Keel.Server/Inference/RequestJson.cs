using System.Text.Json;
using Keel.Serving;
using Microsoft.AspNetCore.Http;

namespace Keel.Server.Inference;

/// <summary>
/// Reads a request body as JSON; malformed JSON is the client's error, reported with where it broke, and so is a body
/// Kestrel cannot read (shorter than its Content-Length, a broken chunk).
/// </summary>
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
        catch (BadHttpRequestException ex)
        {
            throw Unreadable(ex);
        }
    }

    /// <summary>The client's error for a body Kestrel could not read (its connection ended early, or the framing is wrong).</summary>
    public static InputValidationException Unreadable(BadHttpRequestException exception) =>
        new($"the body could not be read: {exception.Message}");
}
