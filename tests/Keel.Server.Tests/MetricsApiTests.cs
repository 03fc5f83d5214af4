using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Keel.Tests.Support;

namespace Keel.Server.Tests;

/// <summary><c>GET /metrics</c> on a real server: the series a scrape shows after known traffic, and promtool's verdict.</summary>
public sealed partial class MetricsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string ChurnRows = """
        {"inputs": [
          {"name": "x", "shape": [3], "datatype": "FP64", "data": [1.5, 8.25, 3.0]},
          {"name": "city", "shape": [3], "datatype": "BYTES", "data": ["Porto", "Braga", "Lisboa"]},
          {"name": "member", "shape": [3], "datatype": "BOOL", "data": [true, false, true]},
          {"name": "email", "shape": [3], "datatype": "BYTES", "data": ["a@example.com", null, null]}
        ]}
        """;

    [Fact]
    public async Task Metrics_AfterTraffic_CountsRequestsByStatusLatencyRowsAndClasses()
    {
        // The fixture is shared with the other test of the class: compare with a scrape taken before this traffic.
        var before = await server.Client.GetStringAsync("/metrics");
        for (var i = 0; i < 4; i++)
        {
            var (ok, _) = await server.PostAsync("/v2/models/churn/infer", ChurnRows);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        var (bad, _) = await server.PostAsync("/v2/models/churn/infer", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": ["x"]}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var (amount, _) = await server.PostAsync("/invocations/amount", """{"dataframe_records": [{"x": 2.0, "city": "Porto", "member": true}]}""");
        Assert.Equal(HttpStatusCode.OK, amount.StatusCode);

        using var response = await server.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        const string churn = """deployment="",role="",model="churn",model_version="3" """;
        double Delta(string series) => Sample(text, series) - (Sample(before, series, required: false) ?? 0);
        Assert.Equal(4, Delta("keel_inference_requests_total{" + churn.Trim() + ",code=\"200\"}"));
        Assert.Equal(1, Delta("keel_inference_requests_total{" + churn.Trim() + ",code=\"400\"}"));
        Assert.Equal(5, Delta("keel_inference_request_duration_seconds_count{" + churn.Trim() + "}"));
        Assert.Equal(5, Delta("keel_inference_request_duration_seconds_bucket{" + churn.Trim() + ",le=\"+Inf\"}"));
        Assert.Equal(12, Delta("keel_inference_rows_total{" + churn.Trim() + "}"));
        Assert.Equal(12, Classes(text) - Classes(before));
        Assert.Equal(1, Delta("keel_inference_requests_total{deployment=\"\",role=\"\",model=\"amount\",model_version=\"1\",code=\"200\"}"));
        Assert.Contains("keel_inference_log_commits_total ", text, StringComparison.Ordinal);
        Assert.NotNull(Sample(text, "keel_inference_log_pending_records", required: false));
        Assert.Contains("keel_build_info{version=", text, StringComparison.Ordinal);
        Assert.True(Delta("dotnet_gc_allocated_bytes_total") > 0, "scoring allocates, so the allocation counter moves");
        Assert.True(Sample(text, "process_cpu_seconds_total") > 0);
        Assert.True(Sample(text, "process_resident_memory_bytes") > 1 << 20);
        Assert.True(Sample(text, "dotnet_gc_collections_total{generation=\"0\"}") >= Sample(text, "dotnet_gc_collections_total{generation=\"2\"}"));
    }

    [RequiresExecutableFact("/usr/bin/promtool", "prometheus")]
    public async Task Metrics_Scrape_PassesPromtoolCheckMetrics()
    {
        await server.PostAsync("/v2/models/churn/infer", ChurnRows);
        await server.PostAsync("/invocations/amount", """{"dataframe_records": [{"x": 2.0, "city": "Porto", "member": true}]}""");
        var text = await server.Client.GetStringAsync("/metrics");

        var start = new ProcessStartInfo("/usr/bin/promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();

        Assert.True(promtool.ExitCode == 0 && output.Trim().Length == 0, $"promtool check metrics: exit {promtool.ExitCode}\n{output}");
    }

    [Theory]
    [InlineData("/invocations/amount", true)]
    [InlineData("/invocations/amount", false)]
    [InlineData("/v2/models/amount/infer", true)]
    [InlineData("/v2/models/amount/infer", false)]
    public async Task Metrics_ClientGoneMidBody_IsNoFailureOfTheModel(string path, bool reset)
    {
        // A client that resets its connection halfway through the body gave up: 499 (nginx's "client closed request").
        // One that closes its side with the body short of its Content-Length sent a bad request: 400. Both used to be
        // counted as a 500, a failure of the model (and, in a deployment, of its role).
        const string amount = """keel_inference_requests_total{deployment="",role="",model="amount",model_version="1",code=""";
        var before = await server.Client.GetStringAsync("/metrics");
        var body = path.StartsWith("/v2", StringComparison.Ordinal)
            ? """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [2.0]}, {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["Porto"]}, {"name": "member", "shape": [1], "datatype": "BOOL", "data": [true]}]}"""
            : """{"dataframe_records": [{"x": 2.0, "city": "Porto", "member": true}]}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        var uri = server.Client.BaseAddress!;
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(uri.Host, uri.Port);
            var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n");
            await socket.SendAsync(head.Concat(bytes.Take(bytes.Length / 2)).ToArray());
            await Task.Delay(100);
            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0); // close sends RST
            }
            else
            {
                socket.Shutdown(SocketShutdown.Both);
            }
        }

        var expected = amount + (reset ? "\"499\"}" : "\"400\"}");
        string text;
        var waited = Stopwatch.StartNew();
        do
        {
            await Task.Delay(50);
            text = await server.Client.GetStringAsync("/metrics");
        }
        while (Delta(text, before, expected) < 1 && waited.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(1, Delta(text, before, expected));
        Assert.Equal(0, Delta(text, before, amount + "\"500\"}"));
        Assert.Equal(reset ? 0 : 1, Delta(text, before, amount + "\"400\"}"));
        Assert.Equal(reset ? 1 : 0, Delta(text, before, amount + "\"499\"}"));
    }

    private static double Delta(string after, string before, string series) =>
        (Sample(after, series, required: false) ?? 0) - (Sample(before, series, required: false) ?? 0);

    private static double Sample(string text, string series) => Sample(text, series, required: true)!.Value;

    private static double? Sample(string text, string series, bool required)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null || !required, $"no sample '{series}' in:\n{text}");
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static double Classes(string text) => ClassSample().Matches(text).Where(m => m.Groups["model"].Value == "churn")
        .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""^keel_predictions_total\{deployment="",role="",model="(?<model>[^"]+)",model_version="[^"]+",class="[^"]+"\} (?<value>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex ClassSample();
}
