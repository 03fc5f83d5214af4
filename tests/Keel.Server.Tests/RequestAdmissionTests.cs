using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Server.Tests;

/// <summary>
/// Overload: servers with a tiny limit, filled by a request whose body is held back by the test, so which requests
/// are admitted, queued or turned away is decided by the test and not by timing.
/// </summary>
public sealed class RequestAdmissionTests
{
    private const string Row = """{"x": 1.5, "city": "Porto", "member": true}""";
    private const string Records = "{\"dataframe_records\": [" + Row + "]}";
    private const string Infer = """
        {"inputs": [
          {"name": "x", "shape": [1], "datatype": "FP64", "data": [1.5]},
          {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["Porto"]},
          {"name": "member", "shape": [1], "datatype": "BOOL", "data": [true]}
        ]}
        """;

    [Fact]
    public async Task Scoring_PastConcurrencyWithNoQueue_Is503WithRetryAfterWhileHealthAnswers()
    {
        await using var server = await LimitedServer.StartAsync(maxConcurrency: 1, queueLimit: 0);
        var held = new HeldBody(Records);
        var first = server.Client.PostAsync("/invocations", held);
        await server.WaitUntilAsync(() => server.Admission.InFlight == 1, first);

        using var mlflow = await server.Client.PostAsync("/invocations", Json(Records));
        using var openInference = await server.Client.PostAsync("/v2/models/churn/infer", Json(Infer));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, mlflow.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), mlflow.Headers.RetryAfter?.Delta);
        using (var body = JsonDocument.Parse(await mlflow.Content.ReadAsStringAsync()))
        {
            Assert.Equal("TEMPORARILY_UNAVAILABLE", body.RootElement.GetProperty("error_code").GetString());
            Assert.Contains("at capacity (1 requests in flight, 0 queued)", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, openInference.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), openInference.Headers.RetryAfter?.Delta);
        using (var body = JsonDocument.Parse(await openInference.Content.ReadAsStringAsync()))
        {
            Assert.Contains("at capacity", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        foreach (var health in new[] { "/v2/health/live", "/v2/health/ready", "/ping", "/health" })
        {
            using var answer = await server.Client.GetAsync(health);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{health} answered {answer.StatusCode} while the server was full");
        }

        held.Release();
        using var firstAnswer = await first;
        using var after = await server.Client.PostAsync("/invocations", Json(Records));

        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, server.Admission.Rejected);
        Assert.Equal(0, server.Admission.InFlight);
    }

    [Fact]
    public async Task Scoring_PastConcurrencyWithinQueue_WaitsAndIsAnsweredAndOnlyTheOverflowIs503()
    {
        await using var server = await LimitedServer.StartAsync(maxConcurrency: 1, queueLimit: 1);
        var held = new HeldBody(Records);
        var first = server.Client.PostAsync("/invocations", held);
        await server.WaitUntilAsync(() => server.Admission.InFlight == 1, first);
        var queued = server.Client.PostAsync("/invocations", Json(Records));
        await server.WaitUntilAsync(() => server.Admission.Queued == 1, queued);

        using var overflow = await server.Client.PostAsync("/invocations", Json(Records));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        Assert.False(queued.IsCompleted, "the queued request was answered while the only slot was taken");

        held.Release();
        using var firstAnswer = await first;
        using var queuedAnswer = await queued;

        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedAnswer.StatusCode);
        Assert.Equal(1, server.Admission.Rejected);
    }

    [Fact]
    public async Task Scoring_BurstOnATinyLimit_EveryAnswerIs200Or503AndTheServerRecovers()
    {
        await using var server = await LimitedServer.StartAsync(maxConcurrency: 2, queueLimit: 2);
        var rows = string.Join(", ", Enumerable.Repeat(Row, 200));
        var body = $"{{\"dataframe_records\": [{rows}]}}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            using var response = await server.Client.PostAsync("/invocations", Json(body));
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {status}"));
        Assert.Equal(64, answers.Count(s => s == HttpStatusCode.OK) + server.Admission.Rejected);
        Assert.Contains(HttpStatusCode.OK, answers);
        using var after = await server.Client.PostAsync("/invocations", Json(Records));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal((0, 0), (server.Admission.InFlight, server.Admission.Queued));
    }

    [Theory]
    [InlineData(0, 0, "--max-concurrency must be at least 1, got 0")]
    [InlineData(1, -1, "--queue must be 0 or more, got -1")]
    public void Create_NoSlotsOrNegativeQueue_ThrowsNamingTheOption(int maxConcurrency, int queueLimit, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => KeelServer.Create(
            new ServerOptions { Port = 0, MaxConcurrency = maxConcurrency, QueueLimit = queueLimit },
            [new ServedModel("churn", "3", ServingModels.Classifier, "test")], null, TimeProvider.System));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A JSON body sent in two parts: the first at once, the rest only after <see cref="Release"/>.</summary>
    private sealed class HeldBody(string json) : HttpContent
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await _released.Task;
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A real Kestrel server serving the classifier as "churn" with the given limits, logging nothing.</summary>
    private sealed class LimitedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LimitedServer(WebApplication app)
        {
            _app = app;
            Admission = app.Services.GetRequiredService<RequestAdmission>();
        }

        public HttpClient Client { get; } = new();

        public RequestAdmission Admission { get; }

        public static async Task<LimitedServer> StartAsync(int maxConcurrency, int queueLimit)
        {
            var app = KeelServer.Create(new ServerOptions { Port = 0, MaxConcurrency = maxConcurrency, QueueLimit = queueLimit },
                [new ServedModel("churn", "3", ServingModels.Classifier, "test")], null, TimeProvider.System);
            await app.StartAsync();
            var server = new LimitedServer(app);
            server.Client.BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]);
            return server;
        }

        /// <summary>Polls <paramref name="condition"/>; fails if <paramref name="request"/> ends first or 10 s pass.</summary>
        public async Task WaitUntilAsync(Func<bool> condition, Task<HttpResponseMessage> request)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                Assert.False(request.IsCompleted, "the request was answered before it could hold its place");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the request never reached the server's limiter");
                await Task.Delay(5);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
