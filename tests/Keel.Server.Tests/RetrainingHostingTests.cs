using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Keel.Data;
using Keel.Learning;
using Keel.Monitoring.Alerts;
using Keel.Monitoring.Windows;
using Keel.Registry;
using Keel.Retraining;
using Keel.Server.Deployments;
using Keel.Serving.Deployments;
using Keel.Storage;
using Keel.Tests.Support;

namespace Keel.Server.Tests;

/// <summary>
/// The closed loop wired into a real server: shifted traffic closes a drifting window, the server's alert rule fires,
/// and the retraining loop the server ticks starts a retrain for the deployment whose candidate goes to shadow.
/// </summary>
public sealed class RetrainingHostingTests
{
    [Fact]
    public async Task Serve_DriftAlertFires_RetrainingLoopReleasesTheCandidateAsShadow()
    {
        using var directory = new TempDirectory();
        using var store = await MetadataStore.OpenAsync(directory.Combine("keel.db"), TimeProvider.System);
        await using var log = await InferenceLog.OpenAsync(store);
        var artifacts = new ArtifactStore(directory.Combine("artifacts"), directory.Combine("tmp"));
        var registry = new ModelRegistry(store, "tests");
        var champion = await RegisterAsync(registry, artifacts, directory, ServingModels.Monitored);
        var catalog = new DeploymentCatalog(store, "tests");
        await catalog.CreateAsync("churn", DeploymentSpec.Single(champion));
        var host = new DeploymentHost(catalog, new RegistryModelSource(store, artifacts), TimeProvider.System);
        await host.RefreshAsync();
        var trainer = new RegisteringTrainer(() => RegisterAsync(registry, artifacts, directory, ServingModels.Classifier));
        var policy = RetrainingPolicyFile.Parse("""
            deployment: churn
            pipeline: unused.yaml
            triggers: [{type: alert, name: data-drift}]
            release: {shadow: 1h}
            """, "retraining.yaml");
        var loop = new RetrainingLoop(policy, catalog, new RetrainingJournal(store, "retraining"), trainer,
            (_, _) => Task.FromResult(ServingModels.Monitored), (_, _) => Task.FromResult(new LabelledHoldout(Labelled(), DateTimeOffset.UnixEpoch)), TimeProvider.System);
        var rules = AlertFile.Parse("""
            rules:
              - {name: data-drift, metric: keel_dataset_drift, labels: {deployment: churn}, condition: ">=", fire: 1, resolve: 0.5, for: 0s}
            """, "alerts.yaml");
        var options = new ServerOptions
        {
            Port = 0, MonitorWindow = WindowSpec.Parse("40"), Alerts = rules, AlertInterval = TimeSpan.FromMilliseconds(100),
            RetrainInterval = TimeSpan.FromMilliseconds(200), DeploymentPollInterval = TimeSpan.FromMilliseconds(100),
        };
        var app = KeelServer.Create(options, [], log, TimeProvider.System, host, null, [loop]);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            for (var i = 0; i < 4; i++)
            {
                using var content = new StringContent(ShiftedRows(10), Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
                using var response = await client.PostAsync("/v2/models/churn/infer", content);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            DeploymentRevision current;
            while ((current = (await catalog.GetAsync("churn"))!.Current).Number == 1)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no retrain within 30 s");
                await Task.Delay(50);
            }

            Assert.Equal(DeploymentStrategy.Shadow, current.Spec.Strategy);
            Assert.Equal(("churn", 2), (current.Spec.Candidate!.Value.Name, current.Spec.Candidate!.Value.Version));
            Assert.StartsWith("retrain 1 (alert data-drift): shadow of models:/churn/2", current.Reason, StringComparison.Ordinal);
            var retrain = Assert.Single(await new RetrainingJournal(store).ListAsync("churn"));
            Assert.Equal((RetrainOutcome.Running, "models:/churn/2"), (retrain.Record.Outcome, retrain.Candidate));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serve_PromotedAway_TheOldModelsWindowsAndGaugesAreRetired()
    {
        using var directory = new TempDirectory();
        using var store = await MetadataStore.OpenAsync(directory.Combine("keel.db"), TimeProvider.System);
        await using var log = await InferenceLog.OpenAsync(store);
        var artifacts = new ArtifactStore(directory.Combine("artifacts"), directory.Combine("tmp"));
        var registry = new ModelRegistry(store, "tests");
        var v1 = await RegisterAsync(registry, artifacts, directory, ServingModels.Monitored);
        var v2 = await RegisterAsync(registry, artifacts, directory, ServingModels.MonitoredRetrained);
        var catalog = new DeploymentCatalog(store, "tests");
        var created = await catalog.CreateAsync("churn", DeploymentSpec.Single(v1));
        var host = new DeploymentHost(catalog, new RegistryModelSource(store, artifacts), TimeProvider.System);
        await host.RefreshAsync();
        var options = new ServerOptions { Port = 0, MonitorWindow = WindowSpec.Parse("10"), DeploymentPollInterval = TimeSpan.FromMilliseconds(100) };
        var app = KeelServer.Create(options, [], log, TimeProvider.System, host);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(KeelServer.ListeningAddresses(app)[0]) };
            async Task<string[]> MonitoredVersionsAsync()
            {
                using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/monitoring"));
                return [.. json.RootElement.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("modelVersion").GetString()!)];
            }
            async Task ScoreAsync()
            {
                using var content = new StringContent(ShiftedRows(10), Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
                using var response = await client.PostAsync("/v2/models/churn/infer", content);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            await ScoreAsync();
            Assert.Equal(["1"], await EventuallyAsync(MonitoredVersionsAsync, v => v.Length > 0));

            await catalog.ReviseAsync("churn", DeploymentSpec.Single(v2), "promoted", created.Number);
            await EventuallyAsync(async () => host.Find("churn")!.Revision.Number, n => n == 2);
            await ScoreAsync();

            Assert.Equal(["2"], await EventuallyAsync(MonitoredVersionsAsync, v => v.SequenceEqual(["2"])));
            // The monitor's gauges go with it; the request counters of version 1 stay (counters keep their history).
            var drift = (await client.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("keel_dataset_drift{", StringComparison.Ordinal)).ToList();
            Assert.Single(drift, l => l.Contains("model_version=\"2\"", StringComparison.Ordinal));
            Assert.DoesNotContain(drift, l => l.Contains("model_version=\"1\"", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // Polls until the condition holds (10 s at most), returning the last value read.
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        T value;
        while (!done(value = await read()) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }
        return value;
    }

    private static async Task<ModelReference> RegisterAsync(ModelRegistry registry, ArtifactStore artifacts, TempDirectory directory, Model model)
    {
        var path = directory.Combine(Guid.NewGuid().ToString("N") + ".keel");
        model.Save(path);
        var stored = await artifacts.PutFileAsync(path);
        return (await registry.RegisterAsync("churn", stored.Id, model.Algorithm, model.Task.ToString(), new Dictionary<string, double>())).Version.Reference;
    }

    // A labelled holdout in the models' training schema (the policy has no gate: any candidate is released).
    private static Frame Labelled()
    {
        var rows = ServingModels.Rows;
        var y = TestFrames.Categorical("y", "yes", "no", "yes");
        var amount = TestFrames.Numeric("amount", 1, 2, 3);
        return new Frame(new Schema([.. rows.Schema.Columns, new ColumnSchema("y", ColumnType.Categorical) { Role = ColumnRole.Label },
            new ColumnSchema("amount", ColumnType.Numeric)]), [.. rows.Columns, y, amount], rows.RowCount);
    }

    private static string ShiftedRows(int n)
    {
        var x = string.Join(",", Enumerable.Range(0, n).Select(i => (40 + i).ToString(CultureInfo.InvariantCulture)));
        return $$"""
            {"inputs": [
              {"name": "x", "shape": [{{n}}], "datatype": "FP64", "data": [{{x}}]},
              {"name": "city", "shape": [{{n}}], "datatype": "BYTES", "data": [{{string.Join(",", Enumerable.Repeat("\"Faro\"", n))}}]},
              {"name": "member", "shape": [{{n}}], "datatype": "BOOL", "data": [{{string.Join(",", Enumerable.Repeat("true", n))}}]}
            ]}
            """;
    }

    private sealed class RegisteringTrainer(Func<Task<ModelReference>> register) : ICandidateTrainer
    {
        public async Task<TrainedCandidate> TrainAsync(RetrainingPolicy policy, long retrainId, DateTimeOffset? holdoutFrom, CancellationToken cancellationToken) =>
            new(await register(), ServingModels.Classifier, null);
    }
}
