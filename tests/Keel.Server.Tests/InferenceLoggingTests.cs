using System.Net;
using System.Text;
using System.Text.Json;

namespace Keel.Server.Tests;

public sealed class InferenceLoggingTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Request = """
        {"id": "log-1", "inputs": [
          {"name": "x", "shape": [3], "datatype": "FP64", "data": [1.5, 8.25, null]},
          {"name": "city", "shape": [3], "datatype": "BYTES", "data": ["Porto", "Braga", "Lisboa"]},
          {"name": "member", "shape": [3], "datatype": "BOOL", "data": [true, false, true]},
          {"name": "email", "shape": [3], "datatype": "BYTES", "data": ["alice@example.com", "bob@example.com", null]}
        ]}
        """;

    [Fact]
    public async Task Infer_Answered_EveryRowIsAlreadyCommittedWithItsOutputs()
    {
        var (response, body) = await server.PostAsync("/v2/models/churn/infer", Request);
        var inferenceId = body.GetProperty("parameters").GetProperty("inference_id").GetString()!;

        // Read straight after the answer: the server only answers once the records are committed.
        var records = await server.Log.ReadAsync(inferenceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, records.Count);
        var p = Expectations.Classifier;
        for (var r = 0; r < records.Count; r++)
        {
            Assert.Equal($"{inferenceId}:{r}", records[r].PredictionId);
            Assert.Equal("log-1", records[r].RequestId);
            Assert.Equal(("churn", "3"), (records[r].ModelName, records[r].ModelVersion));
            using var outputs = JsonDocument.Parse(records[r].OutputsJson);
            Assert.Equal(p.Label(r), outputs.RootElement.GetProperty("prediction").GetString());
            Assert.True(records[r].LatencyMicroseconds > 0);
        }
        using var inputs = JsonDocument.Parse(records[0].InputsJson);
        Assert.Equal(1.5, inputs.RootElement.GetProperty("x").GetDouble());
        Assert.True(inputs.RootElement.GetProperty("member").GetBoolean());
    }

    [Fact]
    public async Task Infer_PiiColumns_AreStoredOnlyAsKeyedHashes()
    {
        var (_, body) = await server.PostAsync("/v2/models/churn/infer", Request);
        var records = await server.Log.ReadAsync(body.GetProperty("parameters").GetProperty("inference_id").GetString()!);

        using var inputs = JsonDocument.Parse(records[0].InputsJson);
        Assert.Equal(server.Log.Mask.Mask("alice@example.com"), inputs.RootElement.GetProperty("email").GetString());
        Assert.Equal(server.Log.Mask.Mask("Porto"), inputs.RootElement.GetProperty("city").GetString());
        Assert.StartsWith("sha256:", inputs.RootElement.GetProperty("city").GetString(), StringComparison.Ordinal);
        // Nowhere in the database files (main file and write-ahead log) is a pii value in clear.
        var bytes = Encoding.UTF8.GetString([.. await File.ReadAllBytesAsync(server.DatabasePath),
            .. File.Exists(server.DatabasePath + "-wal") ? await File.ReadAllBytesAsync(server.DatabasePath + "-wal") : []]);
        Assert.DoesNotContain("alice@example.com", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("Braga", bytes, StringComparison.Ordinal);
        Assert.Contains(server.Log.Mask.Mask("Braga"), bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_ConcurrentRequests_EveryRowOfEveryRequestIsLogged()
    {
        const int requests = 40;
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => server.PostAsync("/v2/models/churn/infer", Request)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Response.StatusCode));
        foreach (var (_, body) in answers)
        {
            Assert.Equal(3, (await server.Log.ReadAsync(body.GetProperty("parameters").GetProperty("inference_id").GetString()!)).Count);
        }
    }
}

public sealed class InferenceLogUnavailableTests
{
    [Fact]
    public async Task Infer_LogCannotRecord_Is503AndNoPredictionIsAnswered()
    {
        using var directory = new Keel.Tests.Support.TempDirectory();
        using var store = await Keel.Storage.MetadataStore.OpenAsync(directory.Combine("keel.db"), TimeProvider.System);
        var log = await Keel.Storage.InferenceLog.OpenAsync(store);
        await log.DisposeAsync();
        var app = KeelServer.Create(new ServerOptions { Port = 0 }, [new ServedModel("churn", "3", ServingModels.Classifier, "test")], log, TimeProvider.System);
        await using (app)
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            using var oip = new StringContent("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1]}, {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["Porto"]}, {"name": "member", "shape": [1], "datatype": "BOOL", "data": [true]}]}""");
            using var mlflow = new StringContent("""{"inputs": {"x": [1], "city": ["Porto"], "member": [true]}}""", Encoding.UTF8, "application/json");

            using var oipResponse = await client.PostAsync("/v2/models/churn/infer", oip);
            using var mlflowResponse = await client.PostAsync("/invocations", mlflow);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, oipResponse.StatusCode);
            Assert.Contains("the inference log is closed", await oipResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, mlflowResponse.StatusCode);
            Assert.DoesNotContain("predictions", await mlflowResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await app.StopAsync();
        }
    }
}
