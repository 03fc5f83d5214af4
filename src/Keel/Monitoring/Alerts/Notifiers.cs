namespace Keel.Monitoring.Alerts;

/// <summary>Builds the notifier a <see cref="NotifierSpec"/> describes.</summary>
public static class Notifiers
{
    /// <summary>The wait before the first retry of a failed send (then doubled).</summary>
    public static TimeSpan DefaultBackoff { get; } = TimeSpan.FromSeconds(1);

    /// <summary>A notifier for <paramref name="spec"/> sending through <paramref name="http"/> (borrowed, not disposed).</summary>
    /// <exception cref="ArgumentException">The type is not webhook, slack or alertmanager.</exception>
    public static INotifier Create(NotifierSpec spec, HttpClient http, TimeProvider time, TimeSpan? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var wait = backoff ?? DefaultBackoff;
        return spec.Type switch
        {
            "webhook" => new WebhookNotifier(http, spec, time, wait),
            "slack" => new SlackNotifier(http, spec, time, wait),
            "alertmanager" => new AlertmanagerNotifier(http, spec, time, wait),
            _ => throw new ArgumentException($"unknown notifier type '{spec.Type}'; the types are webhook, slack, alertmanager", nameof(spec)),
        };
    }
}
