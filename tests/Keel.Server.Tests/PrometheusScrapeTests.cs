using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Keel.Tests.Support;

namespace Keel.Server.Tests;

/// <summary>
/// Debian's real Prometheus scrapes a real Keel server's <c>/metrics</c>, and a series is read back through
/// Prometheus' HTTP query API (<c>/api/v1/query</c>).
/// </summary>
public sealed class PrometheusScrapeTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Prometheus = "/usr/bin/prometheus";

    [RequiresExecutableFact(Prometheus, "prometheus")]
    public async Task Prometheus_ScrapesKeel_QueryReadsBackTheRequestCount()
    {
        const int requests = 7;
        for (var i = 0; i < requests; i++)
        {
            var (response, _) = await server.PostAsync("/invocations/churn", """{"dataframe_records": [{"x": 2.0, "city": "Porto", "member": true}]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var directory = new TempDirectory();
        var port = FreePort();
        var keel = server.Client.BaseAddress!;
        File.WriteAllText(directory.Combine("prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: keel
                static_configs:
                  - targets: ['{keel.Host}:{keel.Port}']
            """);
        var start = new ProcessStartInfo(Prometheus,
        [
            "--config.file=" + directory.Combine("prometheus.yml"), "--storage.tsdb.path=" + directory.Combine("data"),
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var prometheus = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        prometheus.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        prometheus.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var query = $$"""keel_inference_requests_total{job="keel",model="churn",code="200"}""";
            double? seen = null;
            var clock = Stopwatch.StartNew();
            while (seen != requests)
            {
                Assert.False(prometheus.HasExited, "prometheus exited:\n" + string.Join('\n', log));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Prometheus did not return {requests} for {query} within 60 s (last: {seen}):\n{string.Join('\n', log)}");
                await Task.Delay(250);
                seen = await QueryAsync(client, query);
            }
            Assert.Equal(1, await QueryAsync(client, """up{job="keel"}"""));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }

    /// <summary>The value of an instant query's single series, or null while Prometheus is not ready or has none.</summary>
    private static async Task<double?> QueryAsync(HttpClient client, string query)
    {
        try
        {
            using var response = await client.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var result = body.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1
                ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
