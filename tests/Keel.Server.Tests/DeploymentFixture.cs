using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Keel.Learning;
using Keel.Registry;
using Keel.Server.Deployments;
using Keel.Serving.Deployments;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace Keel.Server.Tests;

/// <summary>
/// A real Kestrel server hosting the deployments of a fresh workspace store, with models registered in it:
/// churn v1 (the classifier), churn v2 (the regression), churn v3 (a classifier that needs a column requests never
/// send, so it fails every request) and mirror v1 (the classifier again, under another name). Deployments are polled
/// every 100 ms and canaries ticked every 200 ms, so tests see the background services act; canary steps end on
/// <see cref="CanaryClock"/>.
/// </summary>
public sealed class DeploymentFixture : IAsyncLifetime
{
    /// <summary>One OIP request of one row every model but churn v3 accepts.</summary>
    public const string Request = """
        {"inputs": [
          {"name": "x", "shape": [1], "datatype": "FP64", "data": [4.5]},
          {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["Porto"]},
          {"name": "member", "shape": [1], "datatype": "BOOL", "data": [true]}
        ]}
        """;

    private readonly TempDirectory _directory = new();
    private WebApplication? _app;

    public HttpClient Client { get; } = new();

    public MetadataStore Store { get; private set; } = null!;

    public InferenceLog Log { get; private set; } = null!;

    public DeploymentHost Host { get; private set; } = null!;

    public DeploymentCatalog Catalog => Host.Catalog;

    /// <summary>
    /// The canary controller's clock: starts at the real time (revisions are stamped by the store's real clock) and
    /// moves only when a test moves it, so a canary step ends exactly when the test says.
    /// </summary>
    public ManualTimeProvider CanaryClock { get; } = new(TimeProvider.System.GetUtcNow());

    public async Task InitializeAsync()
    {
        Store = await MetadataStore.OpenAsync(_directory.Combine("keel.db"), TimeProvider.System);
        Log = await InferenceLog.OpenAsync(Store);
        var artifacts = new ArtifactStore(_directory.Combine("artifacts"), _directory.Combine("tmp"));
        var registry = new ModelRegistry(Store, "tests");
        await RegisterAsync(registry, artifacts, "churn", ServingModels.Classifier);
        await RegisterAsync(registry, artifacts, "churn", ServingModels.Regressor);
        await RegisterAsync(registry, artifacts, "churn", ServingModels.NeedsZ);
        await RegisterAsync(registry, artifacts, "mirror", ServingModels.Classifier);
        Host = new DeploymentHost(new DeploymentCatalog(Store, "tests"), new RegistryModelSource(Store, artifacts), CanaryClock);
        var options = new ServerOptions { Port = 0, DeploymentPollInterval = TimeSpan.FromMilliseconds(100), CanaryTickInterval = TimeSpan.FromMilliseconds(200) };
        _app = KeelServer.Create(options, [], Log, TimeProvider.System, Host);
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

    /// <summary>Creates <paramref name="name"/> and waits until the server serves it.</summary>
    public async Task CreateAsync(string name, DeploymentSpec spec)
    {
        await Catalog.CreateAsync(name, spec);
        await Host.RefreshAsync();
    }

    /// <summary>Scores <see cref="Request"/> on <paramref name="name"/>, sending <paramref name="routeKey"/> as the sticky key.</summary>
    public async Task<Answer> InferAsync(string name, string? routeKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{name}/infer") { Content = new StringContent(Request, Encoding.UTF8, "application/json") };
        if (routeKey is not null)
        {
            message.Headers.Add(ScoringTargets.RouteKeyHeader, routeKey);
        }
        using var response = await Client.SendAsync(message);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        return response.IsSuccessStatusCode
            ? new Answer((int)response.StatusCode, root.GetProperty("model_name").GetString(), root.GetProperty("model_version").GetString(),
                root.GetProperty("parameters").GetProperty("inference_id").GetString(),
                int.Parse(response.Headers.GetValues(ScoringTarget.RevisionHeader).Single(), System.Globalization.CultureInfo.InvariantCulture))
            : new Answer((int)response.StatusCode, null, null, null, 0);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var message = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            message.Content = new StringContent(json, Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }
        using var response = await Client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task RegisterAsync(ModelRegistry registry, ArtifactStore artifacts, string name, Model model)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N") + ".keel");
        model.Save(path);
        var stored = await artifacts.PutFileAsync(path);
        await registry.RegisterAsync(name, stored.Id, model.Algorithm, model.Task.ToString(), new Dictionary<string, double>());
    }
}

/// <summary>One answer: status, the model that answered, its inference id and the revision that routed it (0 on failure).</summary>
public sealed record Answer(int Status, string? ModelName, string? ModelVersion, string? InferenceId, int Revision);
