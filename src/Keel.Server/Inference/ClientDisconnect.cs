using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Keel.Server.Inference;

/// <summary>
/// Requests the client gave up on: it closed or reset the connection before its answer (while the body was still
/// arriving, or while the prediction was being scored or logged). Counted as status 499, nginx's "client closed request",
/// and not against a deployment's role: the model did not fail.
/// </summary>
internal static class ClientDisconnect
{
    /// <summary>The status these requests are counted under.</summary>
    public const int Status = 499;

    /// <summary>Whether <paramref name="exception"/>, thrown while answering <paramref name="context"/>, means the client went away.</summary>
    public static bool Caused(Exception exception, HttpContext context) =>
        exception is ConnectionResetException
        || (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested);
}
