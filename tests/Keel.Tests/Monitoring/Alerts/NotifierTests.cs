using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Keel.Monitoring.Alerts;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

public sealed class NotifierTests : IDisposable
{
    private static readonly DateTimeOffset FiredAt = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly WebhookReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _clock = new(FiredAt);

    public void Dispose()
    {
        _http.Dispose();
        _receiver.Dispose();
    }

    internal static Notification Example()
    {
        Alert Make(string feature, AlertState state, double value) => new()
        {
            Name = "high-drift",
            Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = "high-drift", ["deployment"] = "credit", ["feature"] = feature, ["severity"] = "warning" },
            Annotations = new Dictionary<string, string> { ["summary"] = "feature drift above 0.2" },
            Severity = AlertSeverity.Warning,
            State = state,
            Value = value,
            ActiveSince = FiredAt - TimeSpan.FromMinutes(10),
            FiredAt = FiredAt,
            ResolvedAt = state == AlertState.Resolved ? FiredAt + TimeSpan.FromMinutes(30) : null,
        };
        return new Notification
        {
            GroupKey = "{alertname=\"high-drift\", deployment=\"credit\"}",
            GroupLabels = new Dictionary<string, string> { ["alertname"] = "high-drift", ["deployment"] = "credit" },
            Alerts = [Make("income", AlertState.Firing, 0.31), Make("age", AlertState.Resolved, 0.1)],
            At = FiredAt + TimeSpan.FromMinutes(30),
            Reason = NotificationReason.Changed,
        };
    }

    private NotifierSpec Spec(string type, int retries = 2, string? url = null) => new(type, new Uri(url ?? _receiver.Url), TimeSpan.FromSeconds(5), retries);

    private INotifier Notifier(NotifierSpec spec) => Notifiers.Create(spec, _http, _clock, TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task WebhookSendAsync_PostsAlertmanagerWebhookMessage()
    {
        var result = await Notifier(Spec("webhook")).SendAsync(Example(), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("4", body.GetProperty("version").GetString());
        Assert.Equal("{alertname=\"high-drift\", deployment=\"credit\"}", body.GetProperty("groupKey").GetString());
        Assert.Equal("firing", body.GetProperty("status").GetString());
        Assert.Equal("keel", body.GetProperty("receiver").GetString());
        Assert.Equal("credit", body.GetProperty("groupLabels").GetProperty("deployment").GetString());
        Assert.Equal("warning", body.GetProperty("commonLabels").GetProperty("severity").GetString());
        Assert.False(body.GetProperty("commonLabels").TryGetProperty("feature", out _));
        Assert.Equal("feature drift above 0.2", body.GetProperty("commonAnnotations").GetProperty("summary").GetString());
        var alerts = body.GetProperty("alerts");
        Assert.Equal(2, alerts.GetArrayLength());
        var firing = alerts[0];
        Assert.Equal("firing", firing.GetProperty("status").GetString());
        Assert.Equal("income", firing.GetProperty("labels").GetProperty("feature").GetString());
        Assert.Equal("2026-05-01T08:00:00Z", firing.GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", firing.GetProperty("endsAt").GetString());
        Assert.Equal(Example().Alerts[0].Fingerprint, firing.GetProperty("fingerprint").GetString());
        var resolved = alerts[1];
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("2026-05-01T08:30:00Z", resolved.GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task SlackSendAsync_PostsTextAndAColouredAttachment()
    {
        var result = await Notifier(Spec("slack")).SendAsync(Example(), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var body = JsonDocument.Parse(Assert.Single(_receiver.Received).Body).RootElement;
        Assert.Equal("[FIRING:1] high-drift deployment=credit", body.GetProperty("text").GetString());
        var attachment = Assert.Single(body.GetProperty("attachments").EnumerateArray());
        Assert.Equal("warning", attachment.GetProperty("color").GetString());
        var lines = attachment.GetProperty("text").GetString()!.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("*high-drift* (warning) deployment=credit, feature=income value 0.31 — feature drift above 0.2", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("✅", lines[1], StringComparison.Ordinal);
        Assert.Equal(Example().At.ToUnixTimeSeconds(), attachment.GetProperty("ts").GetInt64());
    }

    [Fact]
    public async Task SendAsync_ServerErrorsThenSuccess_RetriesWithBackoffAndDelivers()
    {
        _receiver.Responses.Enqueue(503);
        _receiver.Responses.Enqueue(500);

        var result = await Notifier(Spec("webhook", retries: 3)).SendAsync(Example(), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task SendAsync_ClientError_IsNotRetriedAndIsReportedNotThrown()
    {
        _receiver.Responses.Enqueue(400);

        var result = await Notifier(Spec("webhook", retries: 3)).SendAsync(Example(), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("answered 400", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReportsConnectionFailureAfterEveryRetry()
    {
        int port;
        using (var socket = new TcpListener(IPAddress.Loopback, 0))
        {
            socket.Start();
            port = ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        var result = await Notifier(Spec("slack", retries: 2, url: $"http://127.0.0.1:{port}/hook")).SendAsync(Example(), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal(3, result.Attempts);
        Assert.Null(result.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertmanagerSendAsync_PostsPostableAlertsToApiV2()
    {
        var result = await Notifier(Spec("alertmanager", url: _receiver.Url.TrimEnd('/'))).SendAsync(Example(), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var request = Assert.Single(_receiver.Received);
        Assert.Equal("/hook/api/v2/alerts", request.Path);
        var alerts = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(JsonValueKind.Array, alerts.ValueKind);
        Assert.Equal("income", alerts[0].GetProperty("labels").GetProperty("feature").GetString());
        Assert.Equal("2026-05-01T08:00:00Z", alerts[0].GetProperty("startsAt").GetString());
        Assert.False(alerts[0].TryGetProperty("endsAt", out _));
        Assert.Equal("2026-05-01T08:30:00Z", alerts[1].GetProperty("endsAt").GetString());
    }
}
