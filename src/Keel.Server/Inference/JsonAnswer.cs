using Microsoft.AspNetCore.Http;

namespace Keel.Server.Inference;

/// <summary>
/// A 200 answer whose JSON body is already encoded (see <see cref="JsonBody"/>), written with its length. What
/// <c>TypedResults.Bytes</c> does, without resolving a logger from the request's services: that made every scoring
/// request create and dispose a service scope it had no other use for.
/// </summary>
internal sealed class JsonAnswer(byte[] body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <inheritdoc/>
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc/>
    public string ContentType => "application/json";

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
