using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Keel.Server.Tests;

/// <summary>
/// A real Kestrel server on a free port serving the classifier as "churn" (version 3) and the regression as
/// "amount", logging into a fresh SQLite metadata store. Shared by a test class.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private WebApplication? _app;

    public HttpClient Client { get; } = new();

    public InferenceLog Log { get; private set; } = null!;

    public MetadataStore Store { get; private set; } = null!;

    public string DatabasePath => _directory.Combine("keel.db");

    public async Task InitializeAsync()
    {
        Store = await MetadataStore.OpenAsync(DatabasePath, TimeProvider.System);
        Log = await InferenceLog.OpenAsync(Store);
        _app = KeelServer.Create(new ServerOptions { Port = 0 },
            [new ServedModel("churn", "3", ServingModels.Classifier, "test"), new ServedModel("amount", "1", ServingModels.Regressor, "test")],
            Log, TimeProvider.System);
        await _app.StartAsync();
        Client.BaseAddress = new Uri(KeelServer.ListeningAddresses(_app)[0]);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Log.DisposeAsync();
        Store.Dispose();
        _directory.Dispose();
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await Client.PostAsync(path, content);
        return (response, await ReadAsync(response));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return (response, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
