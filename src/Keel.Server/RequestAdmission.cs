using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Keel.Server.Mlflow;
using Microsoft.AspNetCore.Http;

namespace Keel.Server;

/// <summary>
/// Bounded concurrency for the whole server: at most <see cref="MaxConcurrency"/> requests are handled at once and at
/// most <see cref="QueueLimit"/> more wait, oldest first; any request beyond that is answered at once with 503 and
/// <c>Retry-After: 1</c>, so past capacity the server sheds load instead of piling up threads, memory and latency
/// until it collapses. Health checks (<c>/v2/health/*</c>, <c>/ping</c>, <c>/health</c>) and <c>/metrics</c> bypass the
/// limit: an overloaded server is still alive, an orchestrator must not restart it for being busy, and its overload is
/// exactly when its metrics matter. Thread-safe.
/// </summary>
internal sealed class RequestAdmission : IDisposable
{
    /// <summary>The seconds a rejected client is told to wait before retrying.</summary>
    public const int RetryAfterSeconds = 1;

    private static readonly string s_retryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private readonly ConcurrencyLimiter _limiter;
    private readonly byte[] _rejection;
    private readonly byte[] _mlflowRejection;
    private long _rejected;

    /// <exception cref="ArgumentException"><paramref name="maxConcurrency"/> is below 1 or <paramref name="queueLimit"/> below 0.</exception>
    public RequestAdmission(int maxConcurrency, int queueLimit)
    {
        if (maxConcurrency < 1)
        {
            throw new ArgumentException($"--max-concurrency must be at least 1, got {maxConcurrency}", nameof(maxConcurrency));
        }
        if (queueLimit < 0)
        {
            throw new ArgumentException($"--queue must be 0 or more, got {queueLimit}", nameof(queueLimit));
        }
        MaxConcurrency = maxConcurrency;
        QueueLimit = queueLimit;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrency,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        // Serialized once: turning a request away must cost next to nothing, or shedding load becomes load itself.
        var message = $"the server is at capacity ({maxConcurrency} requests in flight, {queueLimit} queued); retry after {RetryAfterSeconds} s";
        _rejection = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(message), JsonSerializerOptions.Web);
        _mlflowRejection = JsonSerializer.SerializeToUtf8Bytes(new MlflowError("TEMPORARILY_UNAVAILABLE", message), JsonSerializerOptions.Web);
    }

    /// <summary>The most requests handled at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>The most requests waiting for a slot.</summary>
    public int QueueLimit { get; }

    /// <summary>Requests being handled right now.</summary>
    public int InFlight => MaxConcurrency - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? MaxConcurrency);

    /// <summary>Requests waiting for a slot right now.</summary>
    public int Queued => (int)(_limiter.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>Requests turned away with 503 so far.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>True for the health checks and the metrics scrape, which are never limited.</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/v2/health", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/metrics", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/ping", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>The middleware: admits <paramref name="context"/> to <paramref name="next"/>, queues it, or rejects it.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsExempt(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        // Completes synchronously when a slot is free, or when none is and the queue is full (a failed lease).
        using var lease = await _limiter.AcquireAsync(1, context.RequestAborted).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            Interlocked.Increment(ref _rejected);
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    public void Dispose() => _limiter.Dispose();

    private Task RejectAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = s_retryAfter;
        response.ContentType = "application/json";
        // Each protocol's clients parse their own error shape: MLflow's error_code/message, Open Inference's error.
        var body = context.Request.Path.StartsWithSegments("/invocations", StringComparison.OrdinalIgnoreCase) ? _mlflowRejection : _rejection;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
