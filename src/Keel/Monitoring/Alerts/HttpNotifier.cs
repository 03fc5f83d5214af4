using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Keel.Monitoring.Alerts;

/// <summary>
/// The sending half of every notifier: POSTs a JSON body with a per-attempt timeout, and retries connection errors,
/// timeouts, 429 and 5xx answers with exponential backoff (<c>backoff × 2^attempt</c>); other 4xx answers are final.
/// Waits go through the injected <see cref="TimeProvider"/>. Thread-safe when the <see cref="HttpClient"/> is.
/// </summary>
public abstract class HttpNotifier : INotifier
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>Creates the notifier; <paramref name="http"/> is borrowed, not disposed.</summary>
    protected HttpNotifier(HttpClient http, NotifierSpec spec, TimeProvider time, TimeSpan backoff)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _time = time;
        Spec = spec;
        Backoff = backoff;
    }

    /// <summary>The receiver's settings.</summary>
    public NotifierSpec Spec { get; }

    /// <summary>The wait before the first retry; doubled for each further one.</summary>
    public TimeSpan Backoff { get; }

    /// <inheritdoc/>
    public string Name => $"{Spec.Type} {Spec.Url}";

    /// <inheritdoc/>
    public Task<NotificationResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return PostAsync(Target, Payload(notification), cancellationToken);
    }

    /// <summary>Where the body is posted.</summary>
    protected virtual Uri Target => Spec.Url;

    /// <summary>The JSON body for <paramref name="notification"/>.</summary>
    protected abstract JsonNode Payload(Notification notification);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="target"/> with the retry policy.</summary>
    protected async Task<NotificationResult> PostAsync(Uri target, JsonNode body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        int? status = null;
        string error = "not sent";
        var attempts = 0;
        for (var attempt = 0; attempt <= Spec.Retries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Backoff * Math.Pow(2, attempt - 1), _time, cancellationToken).ConfigureAwait(false);
            }
            attempts++;
            using var timeout = new CancellationTokenSource(Spec.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var content = new StringContent(json, Encoding.UTF8, "application/json");
                using var response = await _http.PostAsync(target, content, linked.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new NotificationResult(true, attempts, status, null);
                }
                var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                error = $"{target} answered {status} {response.ReasonPhrase}{(text.Length > 0 ? ": " + Truncate(text) : "")}";
                if (!IsRetryable(response.StatusCode))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                status = null;
                error = $"{target} did not answer within {Spec.Timeout.TotalSeconds:0.###}s";
            }
            catch (HttpRequestException ex)
            {
                status = null;
                error = $"{target}: {ex.Message}";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything else (a bad handler, a disposed client) will not get better by retrying; report it.
                return new NotificationResult(false, attempts, status, $"{target}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        return new NotificationResult(false, attempts, status, error);
    }

    private static bool IsRetryable(HttpStatusCode code) => code == HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
