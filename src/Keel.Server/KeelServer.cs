using System.Net;
using Keel.Server.Deployments;
using Keel.Server.Feedback;
using Keel.Server.Inference;
using Keel.Server.Metrics;
using Keel.Monitoring.Metrics;
using Keel.Monitoring.Windows;
using Keel.Retraining;
using Keel.Server.Mlflow;
using Keel.Server.Monitoring;
using Keel.Server.Retraining;
using Keel.Server.OpenInference;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Server;

/// <summary>Composes the scoring server: Kestrel, the models, the inference log, both protocols' endpoints and the OpenAPI document.</summary>
public static class KeelServer
{
    /// <summary>Builds (does not start) a server for <paramref name="models"/>.</summary>
    /// <param name="options">Where to listen.</param>
    /// <param name="models">The models, by distinct names; the first also answers MLflow's <c>/invocations</c>.</param>
    /// <param name="log">Where every prediction is recorded before it is answered; null to record nothing.</param>
    /// <param name="time">The clock for ids, latencies and log times.</param>
    public static WebApplication Create(ServerOptions options, IReadOnlyList<ServedModel> models, InferenceLog? log, TimeProvider time) =>
        Create(options, models, log, time, null);

    /// <summary>
    /// Builds (does not start) a server for <paramref name="models"/> and the deployments of <paramref name="deployments"/>:
    /// each deployment answers under its name (<c>/v2/models/NAME/infer</c>, <c>/invocations/NAME</c>) through its
    /// routing table, and <c>/api/deployments</c> manages them. A background service refreshes the tables every
    /// <see cref="ServerOptions.DeploymentPollInterval"/> and ticks canaries every <see cref="ServerOptions.CanaryTickInterval"/>.
    /// </summary>
    /// <param name="options">Where to listen, and the deployment intervals.</param>
    /// <param name="models">Models served directly (may be empty when <paramref name="deployments"/> is given).</param>
    /// <param name="log">Where every prediction is recorded before it is answered; null to record nothing.</param>
    /// <param name="time">The clock for ids, latencies, log times, polling and canary steps.</param>
    /// <param name="deployments">The deployments to host (call <see cref="DeploymentHost.RefreshAsync"/> before starting to serve them at once); null for none.</param>
    /// <param name="history">Where closed monitoring windows are stored (drift over time); null to keep only the latest in memory.</param>
    /// <param name="retraining">Retraining loops to tick while serving (<see cref="RetrainingHosting"/>); null or empty for none.</param>
    public static WebApplication Create(
        ServerOptions options, IReadOnlyList<ServedModel> models, InferenceLog? log, TimeProvider time, DeploymentHost? deployments,
        WindowHistory? history = null, IReadOnlyList<RetrainingLoop>? retraining = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var admission = new RequestAdmission(options.MaxConcurrency, options.QueueLimit);
        // Keel reads no appsettings files, and reloading them would put a recursive file watcher on the working directory
        // (the workspace): every write to the inference log and the store would then wake it up.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        // Hosting starts an Activity and a log scope for every request whenever its logger is enabled at any level. It logs
        // requests at Information (below the threshold anyway) and startup failures, which also reach the caller as
        // exceptions; switched off, that is ~7% fewer bytes allocated per request.
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        if (options.ConsoleLog)
        {
            // Standard error, like every note of the CLI: standard output stays for results.
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ParseHost(options.Host), options.Port));
        var catalog = new ModelCatalog(models, deployments is not null);
        var metrics = new ServerMetrics(time, log, deployments, admission);
        var monitor = new LiveMonitor(options.MonitorWindow, metrics, history);
        var runner = new PredictionRunner(time, log, monitor);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(new ScoringTargets(catalog, deployments, metrics));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(runner);
        builder.Services.AddSingleton(services =>
        {
            var mirror = ActivatorUtilities.CreateInstance<ShadowMirror>(services);
            metrics.Registry.Collect("keel_shadow_dropped_total", "Mirrored requests dropped because the shadow queue was full.", MetricType.Counter, [],
                () => [([], mirror.Dropped)]);
            return mirror;
        });
        builder.Services.AddSingleton(monitor);
        builder.Services.AddHostedService<LiveMonitoring>();
        if (retraining is { Count: > 0 })
        {
            builder.Services.AddSingleton(retraining);
            builder.Services.AddSingleton<RetrainingHosting>();
            builder.Services.AddHostedService(services => services.GetRequiredService<RetrainingHosting>());
        }
        if (options.Alerts is { } alerts)
        {
            builder.Services.AddSingleton(alerts);
            builder.Services.AddSingleton<AlertLoop>();
            builder.Services.AddHostedService(services => services.GetRequiredService<AlertLoop>());
        }
        if (log is not null)
        {
            builder.Services.AddSingleton(log);
        }
        builder.Services.AddHostedService(services => services.GetRequiredService<ShadowMirror>());
        if (deployments is not null)
        {
            builder.Services.AddSingleton(deployments);
            builder.Services.AddHostedService<DeploymentPolling>();
        }
        builder.Services.AddSingleton(_ => admission); // registered by factory so the container disposes it
        builder.Services.AddKeelOpenApi();
        var app = builder.Build();
        app.Use(app.Services.GetRequiredService<RequestAdmission>().InvokeAsync);
        app.MapOpenApi(OpenApiDocumentation.Route);
        app.MapOpenInferenceApi();
        app.MapMlflowScoringApi();
        app.MapFeedbackApi();
        app.MapMetricsApi();
        app.MapMonitoringApi();
        if (deployments is not null)
        {
            app.MapDeploymentsApi();
        }
        return app;
    }

    /// <summary>The addresses a started server listens on (with the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> ListeningAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    private static IPAddress ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => throw new ArgumentException($"--host must be an IP address (e.g. 127.0.0.1 or 0.0.0.0), got '{host}'"),
    };
}
