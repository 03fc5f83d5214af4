using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Keel.Monitoring.Windows;
using Keel.Storage;
using Keel.Tests.Support;

namespace Keel.Server.Tests;

/// <summary>Live drift monitoring on a real server: windows of scored rows against the model's training profile, on /metrics and in the history.</summary>
public sealed class LiveMonitoringTests
{
    [Fact]
    public async Task Serve_WindowsOfTraffic_DriftGaugesAndHistoryShowTheShiftedWindowOnly()
    {
        using var directory = new TempDirectory();
        using var store = await MetadataStore.OpenAsync(directory.Combine("keel.db"), TimeProvider.System);
        await using var log = await InferenceLog.OpenAsync(store);
        var history = new WindowHistory(store);
        var app = KeelServer.Create(new ServerOptions { Port = 0, MonitorWindow = WindowSpec.Parse("40") },
            [new ServedModel("churn", "1", ServingModels.Monitored, "test")], log, TimeProvider.System, null, history);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            var random = new Random(5);
            var requests = new List<string>();
            // Like the training data (x uniform on [0, 10), three cities), then shifted (x on [40, 50), one city).
            for (var i = 0; i < 4; i++)
            {
                requests.Add(await InferAsync(client, Rows(random, 10, shifted: false)));
            }
            await WaitForAsync(client, "keel_monitor_windows_total", 1);
            for (var i = 0; i < 4; i++)
            {
                await InferAsync(client, Rows(random, 10, shifted: true));
            }
            await WaitForAsync(client, "keel_monitor_windows_total", 2);

            var metrics = await client.GetStringAsync("/metrics");
            const string subject = """deployment="",role="",model="churn",model_version="1" """;
            Assert.Equal(1, Sample(metrics, $"keel_feature_drift{{{subject.Trim()},feature=\"x\"}}"));
            Assert.Equal(1, Sample(metrics, $"keel_dataset_drift{{{subject.Trim()}}}"));
            Assert.Contains("keel_prediction_drift_score{", metrics, StringComparison.Ordinal);
            var windows = await history.ListAsync("");
            Assert.Equal(2, windows.Count);
            Assert.Equal((40L, false, "churn", "1"), (windows[0].Rows, windows[0].DatasetDrift, windows[0].ModelName, windows[0].ModelVersion));
            Assert.Equal((40L, true), (windows[1].Rows, windows[1].DatasetDrift));
            Assert.Contains("\"name\":\"x\"", windows[1].ReportJson, StringComparison.Ordinal);
            Assert.True(windows[0].End <= windows[1].Start);

            // Labels for the first 40 predictions: the predicted class for 30, the other class for 10.
            var feedback = new List<string>();
            foreach (var record in (await Task.WhenAll(requests.Select(id => log.ReadAsync(id)))).SelectMany(r => r))
            {
                using var outputs = System.Text.Json.JsonDocument.Parse(record.OutputsJson);
                var predicted = outputs.RootElement.GetProperty("prediction").GetString()!;
                var label = feedback.Count < 30 ? predicted : predicted == "yes" ? "no" : "yes";
                feedback.Add($$"""{"prediction_id": "{{record.PredictionId}}", "label": "{{label}}"}""");
            }
            using (var content = new StringContent($$"""{"feedback": [{{string.Join(",", feedback)}}]}""", Encoding.UTF8, "application/json"))
            {
                using var answer = await client.PostAsync("/feedback", content);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
            await WaitForAsync(client, "keel_performance_labels", 40);
            metrics = await client.GetStringAsync("/metrics");
            Assert.Equal(0.75, Sample(metrics, $"keel_performance{{{subject.Trim()},metric=\"accuracy\",source=\"realized\"}}"), 12);
            var estimated = Sample(metrics, $"keel_performance{{{subject.Trim()},metric=\"accuracy\",source=\"estimated\"}}");
            Assert.InRange(estimated, 0.5, 1.0);
            Assert.Contains($"keel_concept_drift_state{{{subject.Trim()},detector=\"DDM\"}}", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serve_AlertRuleOnDrift_FiresOnceToTheWebhookAndShowsOnMetricsAndTheApi()
    {
        using var receiver = new HttpListener();
        var port = FreePort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listening = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await receiver.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    received.Enqueue(await reader.ReadToEndAsync());
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        var rules = Keel.Monitoring.Alerts.AlertFile.Parse($$"""
            rules:
              - name: data-drift
                metric: keel_dataset_drift
                labels: {model: churn}
                condition: ">="
                fire: 1
                resolve: 0.5
                for: 0s
                severity: warning
                annotations: {summary: "churn drifted"}
            grouping: {by: [alertname], wait: 0s, interval: 1m, repeat: 4h}
            notifiers:
              - {type: webhook, url: "http://127.0.0.1:{{port}}/hook"}
            """, "rules.yaml");
        var app = KeelServer.Create(
            new ServerOptions { Port = 0, MonitorWindow = WindowSpec.Parse("40"), Alerts = rules, AlertInterval = TimeSpan.FromMilliseconds(100) },
            [new ServedModel("churn", "1", ServingModels.Monitored, "test")], null, TimeProvider.System, null);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            var random = new Random(6);
            for (var i = 0; i < 4; i++)
            {
                await InferAsync(client, Rows(random, 10, shifted: true));
            }
            await WaitForAsync(client, "keel_alerts", 1);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (received.IsEmpty)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the webhook heard nothing within 30 s");
                await Task.Delay(50);
            }
            await Task.Delay(500); // more evaluations: the firing alert must not be sent again before the repeat interval

            var metrics = await client.GetStringAsync("/metrics");
            var monitoring = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/monitoring")).RootElement;

            var notification = System.Text.Json.JsonDocument.Parse(Assert.Single(received)).RootElement;
            Assert.Equal("firing", notification.GetProperty("status").GetString());
            Assert.Equal("data-drift", notification.GetProperty("alerts")[0].GetProperty("labels").GetProperty("alertname").GetString());
            Assert.Contains("keel_alerts{alertname=\"data-drift\",severity=\"warning\",state=\"firing\"} 1", metrics, StringComparison.Ordinal);
            var alert = Assert.Single(monitoring.GetProperty("alerts").EnumerateArray());
            Assert.Equal(("data-drift", "firing"), (alert.GetProperty("name").GetString(), alert.GetProperty("state").GetString()));
            var window = Assert.Single(monitoring.GetProperty("windows").EnumerateArray());
            Assert.True(window.GetProperty("drift").GetProperty("dataset_drift").GetBoolean());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            receiver.Stop();
            await listening;
        }
    }

    [Fact]
    public async Task Serve_RequestsLeavingOutAnOptionalColumn_EveryRowReachesTheWindow()
    {
        // "email" is an id column the model may be sent but does not need: half the requests send it.
        var app = KeelServer.Create(new ServerOptions { Port = 0, MonitorWindow = WindowSpec.Parse("40") },
            [new ServedModel("churn", "1", ServingModels.Monitored, "test")], null, TimeProvider.System, null);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            var random = new Random(8);
            for (var i = 0; i < 8; i++)
            {
                var body = Rows(random, 5, shifted: false);
                if (i % 2 == 0)
                {
                    const string email = """{"name": "email", "shape": [5], "datatype": "BYTES", "data": ["a@x.pt", "b@x.pt", "c@x.pt", "d@x.pt", "e@x.pt"]}""";
                    body = body.Replace("\n]}", ",\n" + email + "\n]}", StringComparison.Ordinal);
                }
                await InferAsync(client, body);
            }
            await WaitForAsync(client, "keel_monitor_windows_total", 1);

            var metrics = await client.GetStringAsync("/metrics");
            Assert.Equal(0, Sample(metrics, "keel_monitor_failures_total"));
            Assert.Equal(0, Sample(metrics, "keel_monitor_dropped_total"));
            var monitoring = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/monitoring")).RootElement;
            var window = Assert.Single(monitoring.GetProperty("windows").EnumerateArray());
            Assert.Equal(40, window.GetProperty("rows").GetInt64());
            Assert.False(window.GetProperty("drift").GetProperty("dataset_drift").GetBoolean());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Rows(Random random, int n, bool shifted)
    {
        string[] cities = ["Porto", "Lisboa", "Faro"];
        var x = Enumerable.Range(0, n).Select(_ => ((shifted ? 40 : 0) + (random.NextDouble() * 10)).ToString("R", CultureInfo.InvariantCulture));
        var city = Enumerable.Range(0, n).Select(i => shifted ? "Faro" : cities[random.Next(3)]);
        var member = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0 ? "true" : "false");
        return $$"""
            {"inputs": [
              {"name": "x", "shape": [{{n}}], "datatype": "FP64", "data": [{{string.Join(",", x)}}]},
              {"name": "city", "shape": [{{n}}], "datatype": "BYTES", "data": [{{string.Join(",", city.Select(c => $"\"{c}\""))}}]},
              {"name": "member", "shape": [{{n}}], "datatype": "BOOL", "data": [{{string.Join(",", member)}}]}
            ]}
            """;
    }

    private static async Task<string> InferAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        using var response = await client.PostAsync("/v2/models/churn/infer", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("parameters").GetProperty("inference_id").GetString()!;
    }

    private static async Task WaitForAsync(HttpClient client, string metric, double value)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var text = await client.GetStringAsync("/metrics");
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal));
            if (line is not null && double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) >= value)
            {
                return;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{metric} did not reach {value} within 30 s:\n{text}");
            await Task.Delay(50);
        }
    }

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no sample '{series}' in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
