namespace Keel.Monitoring.Alerts;

/// <summary>What became of one send.</summary>
/// <param name="Delivered">Whether the receiver accepted it (a 2xx answer).</param>
/// <param name="Attempts">How many requests were made.</param>
/// <param name="StatusCode">The last HTTP status received, or null when no answer came.</param>
/// <param name="Error">Why it failed; null when delivered.</param>
public sealed record NotificationResult(bool Delivered, int Attempts, int? StatusCode, string? Error);
