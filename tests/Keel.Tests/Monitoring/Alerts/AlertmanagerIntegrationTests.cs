using System.Text.Json;
using Keel.Monitoring.Alerts;
using Keel.Monitoring.Metrics;
using Keel.Tests.Support;

namespace Keel.Tests.Monitoring.Alerts;

/// <summary>Keel's Alertmanager notifier against Debian's real prometheus-alertmanager (0.25).</summary>
public sealed class AlertmanagerIntegrationTests
{
    [RequiresExecutableFact(AlertmanagerProcess.Binary, AlertmanagerProcess.Package)]
    public async Task SendAsync_RealAlertmanager_StoresTheAlertAndRoutesItToTheWebhookReceiver()
    {
        using var receiver = new WebhookReceiver();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var alertmanager = await AlertmanagerProcess.StartAsync(receiver.Url, http);
        var clock = TimeProvider.System; // Alertmanager compares startsAt with its own clock
        var notifier = Notifiers.Create(new NotifierSpec("alertmanager", alertmanager.Url, TimeSpan.FromSeconds(5), 2), http, clock, TimeSpan.FromMilliseconds(200));
        var config = new AlertConfiguration
        {
            Rules = [new AlertRule { Name = "keel-it-drift", Metric = "drift", Condition = AlertCondition.Above, Fire = 0.2, Resolve = 0.15, Severity = AlertSeverity.Critical, Annotations = new Dictionary<string, string> { ["summary"] = "drift above 0.2" } }],
            Grouping = GroupingPolicy.Default with { Wait = TimeSpan.Zero },
        };
        var evaluator = new AlertEvaluator(config);
        var dispatcher = new NotificationDispatcher(config);
        var now = clock.GetUtcNow();
        var notification = Assert.Single(dispatcher.Advance(now, evaluator.Evaluate([new MetricSample("drift", new Dictionary<string, string> { ["deployment"] = "credit" }, 0.3)], now)));

        var result = await notifier.SendAsync(notification, CancellationToken.None);

        Assert.True(result.Delivered, $"{result.Error}\n{alertmanager.Log}");
        using var stored = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager.Url, "/api/v2/alerts")));
        var alert = Assert.Single(stored.RootElement.EnumerateArray());
        Assert.Equal("keel-it-drift", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("credit", alert.GetProperty("labels").GetProperty("deployment").GetString());
        Assert.Equal("critical", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("drift above 0.2", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(notification.Alerts[0].Fingerprint.Length, alert.GetProperty("fingerprint").GetString()!.Length);

        var routed = await WaitForAsync(receiver, "firing", TimeSpan.FromSeconds(30));
        Assert.True(routed is not null, $"the webhook receiver got no firing message within 30s\n{alertmanager.Log}");
        var body = JsonDocument.Parse(routed!.Body).RootElement;
        Assert.Equal("4", body.GetProperty("version").GetString());
        Assert.Equal("keel-test", body.GetProperty("receiver").GetString());
        Assert.Equal("keel-it-drift", body.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.Equal("credit", Assert.Single(body.GetProperty("alerts").EnumerateArray()).GetProperty("labels").GetProperty("deployment").GetString());
    }

    [RequiresExecutableFact(AlertmanagerProcess.Binary, AlertmanagerProcess.Package)]
    public async Task SendAsync_ResolvedAlert_AlertmanagerDropsItAndSendsTheResolution()
    {
        using var receiver = new WebhookReceiver();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var alertmanager = await AlertmanagerProcess.StartAsync(receiver.Url, http);
        var notifier = Notifiers.Create(new NotifierSpec("alertmanager", alertmanager.Url, TimeSpan.FromSeconds(5), 2), http, TimeProvider.System, TimeSpan.FromMilliseconds(200));
        var config = new AlertConfiguration
        {
            Rules = [new AlertRule { Name = "keel-it-latency", Metric = "latency", Condition = AlertCondition.Above, Fire = 0.25, Resolve = 0.2 }],
            Grouping = GroupingPolicy.Default with { Wait = TimeSpan.Zero },
        };
        var evaluator = new AlertEvaluator(config);
        var dispatcher = new NotificationDispatcher(config);
        var fired = TimeProvider.System.GetUtcNow();
        var firing = Assert.Single(dispatcher.Advance(fired, evaluator.Evaluate([new MetricSample("latency", 0.4)], fired)));
        Assert.True((await notifier.SendAsync(firing, CancellationToken.None)).Delivered, alertmanager.Log);
        Assert.NotNull(await WaitForAsync(receiver, "firing", TimeSpan.FromSeconds(30)));

        var resolvedAt = TimeProvider.System.GetUtcNow();
        var transitions = evaluator.Evaluate([new MetricSample("latency", 0.1)], resolvedAt);
        // The dispatcher's clock is logical: its next flush is one interval later.
        var resolution = Assert.Single(dispatcher.Advance(resolvedAt + config.Grouping.Interval, transitions));
        var result = await notifier.SendAsync(resolution, CancellationToken.None);

        Assert.True(result.Delivered, $"{result.Error}\n{alertmanager.Log}");
        var routed = await WaitForAsync(receiver, "resolved", TimeSpan.FromSeconds(30));
        Assert.True(routed is not null, $"the webhook receiver got no resolved message within 30s\n{alertmanager.Log}");
        var alert = Assert.Single(JsonDocument.Parse(routed!.Body).RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", alert.GetProperty("status").GetString());
        Assert.Equal(resolvedAt.ToUnixTimeSeconds(), alert.GetProperty("endsAt").GetDateTimeOffset().ToUnixTimeSeconds());
        using var active = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager.Url, "/api/v2/alerts?active=true")));
        Assert.Empty(active.RootElement.EnumerateArray());
    }

    /// <summary>The first webhook message whose status is <paramref name="status"/>, or null after <paramref name="timeout"/>.</summary>
    private static async Task<ReceivedRequest?> WaitForAsync(WebhookReceiver receiver, string status, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            foreach (var request in receiver.Received)
            {
                using var body = JsonDocument.Parse(request.Body);
                if (body.RootElement.GetProperty("status").GetString() == status)
                {
                    return request;
                }
            }
            await Task.Delay(100);
        }
        return null;
    }
}
