namespace Keel.Monitoring.Alerts;

/// <summary>Delivers notifications to one receiver (a webhook, a Slack channel, an Alertmanager).</summary>
public interface INotifier
{
    /// <summary>What the receiver is, for logs: type and URL.</summary>
    string Name { get; }

    /// <summary>
    /// Sends <paramref name="notification"/>, retrying as configured. Delivery failures are returned, never thrown;
    /// only the caller's own cancellation throws (<see cref="OperationCanceledException"/>). Thread-safe.
    /// </summary>
    Task<NotificationResult> SendAsync(Notification notification, CancellationToken cancellationToken);
}
