using System.CommandLine;
using System.Security.Cryptography;
using Keel.Data.Quality;
using Keel.Monitoring.Alerts;
using Keel.Monitoring.Windows;
using Keel.Pipelines;
using Keel.Registry;
using Keel.Server;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel serve</c>: answers scoring requests for a model, or for every deployment of the workspace, over the Open
/// Inference Protocol v2 and MLflow's protocol.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model file, or a registered version: models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest; without it, every deployment of the workspace is served" };
        var name = new Option<string?>("--name") { Description = "The name clients use (/v2/models/NAME); default: the file's base name, or the registered name" };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; 0.0.0.0 for every interface", DefaultValueFactory = _ => "127.0.0.1" };
        var defaults = new ServerOptions();
        var maxConcurrency = new Option<int>("--max-concurrency") { Description = "Most requests scored at once (health checks aside); default 4 × cores", DefaultValueFactory = _ => defaults.MaxConcurrency };
        var queue = new Option<int>("--queue") { Description = "Most requests waiting beyond --max-concurrency; past it the answer is 503 with Retry-After: 1", DefaultValueFactory = _ => defaults.QueueLimit };
        var alerts = new Option<string?>("--alerts") { Description = "Alert rules (YAML, see docs/alerts.md; check with keel alerts check) evaluated against the server's own metrics" };
        var alertInterval = new Option<string>("--alert-interval") { Description = "How often the alert rules are evaluated, e.g. 15s or 1m", DefaultValueFactory = _ => "15s" };
        var retrain = new Option<string[]>("--retrain") { Description = "Retraining policies (YAML, see docs/retraining.md) whose loops run while serving deployments; repeatable", AllowMultipleArgumentsPerToken = false };
        var window = new Option<string>("--window") { Description = "Live drift windows: rows (1000), a duration (15m, 1h), or SIZE/STEP to slide (1000/250, 1h/15m); off for no live monitoring; default 5m", DefaultValueFactory = _ => "5m" };
        var command = new Command("serve", """
            Serve a model over HTTP until interrupted (Ctrl+C), on two protocols at once:
              Open Inference Protocol v2 (KServe, Seldon, Triton): GET /v2/health/live, /v2/health/ready, /v2,
                /v2/models/NAME, /v2/models/NAME/ready; POST /v2/models/NAME/infer
              MLflow scoring: POST /invocations (dataframe_split, dataframe_records, instances, inputs, or text/csv);
                GET /ping, /health, /version
            Inside a workspace every prediction is recorded in its inference log (columns flagged pii are hashed)
            before it is answered. Past --max-concurrency requests in flight and --queue waiting, requests are answered
            503 with Retry-After: 1 at once, instead of slowing every client down; health checks are always answered.
            Live monitoring: the scored rows of each model (with its training profile) are cut into --window windows
            and each closed window is tested for data and prediction drift against the model's training data; the
            verdicts are on GET /metrics (keel_dataset_drift, keel_feature_drift_score, ...) and, in a workspace, kept
            for 'keel monitor history'. GET /metrics serves every metric in Prometheus' text format; with --alerts the
            server evaluates alert rules on them itself and notifies webhooks, Slack or an Alertmanager
            (GET /api/monitoring shows the last windows and the active alerts).

            Without --model, the workspace's deployments (keel deploy) are served, each under its name:
              POST /v2/models/DEPLOYMENT/infer and POST /invocations/DEPLOYMENT, routed by the deployment's current
              revision (the X-Keel-Route-Key header keeps a caller on one A/B variant); new revisions are picked up
              within a second and canaries are judged every few seconds. /api/deployments lists, shows (with
              per-role metrics, shadow agreement, A/B significance), creates, revises, switches and rolls back.

            Examples:
              keel serve --model model.keel
              keel serve --model models:/churn@champion --port 9000 --window 1h/15m
              keel serve --alerts examples/credit-risk/alerts.yaml
              keel serve --alerts alerts.yaml --retrain retraining.yaml   # the closed loop (docs/retraining.md)
              keel serve                      # every deployment of the workspace
              curl -s localhost:8080/invocations -H 'Content-Type: application/json' \
                -d '{"dataframe_records": [{"age": 41, "plan": "plus"}]}'
            """) { model, name, port, host, maxConcurrency, queue, window, alerts, alertInterval, retrain };
        command.SetAction(async (result, ct) =>
        {
            var options = Options(result, host, port, maxConcurrency, queue, window) with
            {
                Alerts = result.GetValue(alerts) is { } rules ? LoadAlerts(context.FullPath(rules)) : null,
                AlertInterval = Interval(result.GetValue(alertInterval)!, "--alert-interval"),
            };
            var policies = result.GetValue(retrain) ?? [];
            if (result.GetValue(model) is not { } text)
            {
                if (result.GetValue(name) is not null)
                {
                    throw new UserException("--name names the model of --model; deployments are served under their own names");
                }
                return await ServeDeploymentsAsync(context, context.OpenWorkspace(), options, policies, ct);
            }
            if (policies.Length > 0)
            {
                throw new UserException("--retrain retrains deployments: serve them (keel serve without --model)");
            }
            var loaded = await ModelLoading.LoadAsync(context, text, ct);
            var servedName = result.GetValue(name) ?? loaded.Registered?.Name ?? Path.GetFileNameWithoutExtension(text);
            if (!ModelReference.IsValidName(servedName, out var problem))
            {
                throw new UserException($"--name: {problem}");
            }
            var version = loaded.Registered?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ?? await FileVersionAsync(context.FullPath(text), ct);
            var served = new ServedModel(servedName, version, loaded.Model, loaded.Display);
            MetadataStore? store = null;
            InferenceLog? log = null;
            try
            {
                try
                {
                    store = await MetadataStore.OpenAsync(context.OpenWorkspace(), context.Time, ct);
                    log = await InferenceLog.OpenAsync(store, ct);
                }
                catch (WorkspaceNotFoundException)
                {
                    context.Terminal.Note("no workspace here (keel init): predictions are served but not logged");
                }
                await RunAsync(context, options, () => KeelServer.Create(options, [served], log, context.Time, null, store is null ? null : new WindowHistory(store)),
                    $"serving {served.Name} (version {served.Version}, from {served.Source})", ct);
            }
            finally
            {
                if (log is not null)
                {
                    await log.DisposeAsync();
                }
                store?.Dispose();
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ServerOptions Options(ParseResult result, Option<string> host, Option<int> port, Option<int> maxConcurrency, Option<int> queue, Option<string> window)
    {
        WindowSpec? spec;
        try
        {
            var text = result.GetValue(window)!;
            spec = text == "off" ? null : WindowSpec.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UserException("--window: " + ex.Message);
        }
        var options = new ServerOptions
        {
            MonitorWindow = spec,
            Host = result.GetValue(host)!,
            Port = result.GetValue(port),
            MaxConcurrency = result.GetValue(maxConcurrency),
            QueueLimit = result.GetValue(queue),
        };
        if (options.Port is < 0 or > 65535)
        {
            throw new UserException($"--port must be between 0 and 65535, got {options.Port}");
        }
        return options;
    }

    private static AlertConfiguration LoadAlerts(string path)
    {
        try
        {
            return AlertFile.Load(path);
        }
        catch (AlertFileException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    private static TimeSpan Interval(string text, string option) =>
        DurationText.TryParse(text, out var interval) && interval > TimeSpan.Zero
            ? interval
            : throw new UserException($"{option} must be a duration like 15s or 1m, got '{text}'");

    /// <summary>Serves every deployment of the workspace (which must exist: deployments live in it).</summary>
    internal static async Task<int> ServeDeploymentsAsync(CliContext context, KeelWorkspace workspace, ServerOptions options, string[] policies, CancellationToken ct)
    {
        using var store = await MetadataStore.OpenAsync(workspace, context.Time, ct);
        var services = new PipelineServices(workspace, store, new ArtifactStore(workspace));
        await using var server = await DeploymentServer.StartAsync(
            services, options, [.. policies.Select(context.FullPath)], context.Time, context.Terminal.Note, ct);
        var names = server.Names;
        await WaitForCtrlCAsync(context, server.App,
            names.Count == 0 ? "serving no deployment yet (keel deploy create; new ones are picked up)" : $"serving deployments {string.Join(", ", names)}", ct);
        return ExitCodes.Ok;
    }

    /// <summary>Builds, starts and runs the server until Ctrl+C, then drains in-flight requests.</summary>
    private static async Task RunAsync(CliContext context, ServerOptions options, Func<WebApplication> create, string what, CancellationToken ct)
    {
        WebApplication app;
        try
        {
            app = create();
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
        await using (app)
        {
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                throw new UserException($"cannot listen on {options.Host}:{options.Port}: {ex.Message}");
            }
            await WaitForCtrlCAsync(context, app, what, ct);
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Says where the started <paramref name="app"/> listens, then waits for Ctrl+C.</summary>
    internal static async Task WaitForCtrlCAsync(CliContext context, WebApplication app, string what, CancellationToken ct)
    {
        var addresses = KeelServer.ListeningAddresses(app);
        context.Terminal.Note($"{what} on {string.Join(", ", addresses)}; Ctrl+C stops");
        if (addresses.Count > 0)
        {
            context.Terminal.Note($"OpenAPI document: {addresses[0]}/openapi/v1.json");
        }
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C is how a server is meant to stop: drain in-flight requests, then exit 0.
        }
    }

    /// <summary>A file's version: the first 12 hex digits of its SHA-256, so the same bytes report the same version.</summary>
    private static async Task<string> FileVersionAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return Convert.ToHexStringLower(hash)[..12];
    }
}
