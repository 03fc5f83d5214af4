namespace Keel.Monitoring.Alerts;

/// <summary>Where notifications go: a notifier <see cref="Type"/> (<c>webhook</c>, <c>slack</c>, <c>alertmanager</c>) and its URL.</summary>
/// <param name="Type">The kind of receiver.</param>
/// <param name="Url">The absolute http(s) URL (for Alertmanager, its base URL).</param>
/// <param name="Timeout">How long one attempt may take.</param>
/// <param name="Retries">How many times a failed attempt (connection error, timeout, 5xx) is retried.</param>
public sealed record NotifierSpec(string Type, Uri Url, TimeSpan Timeout, int Retries);
