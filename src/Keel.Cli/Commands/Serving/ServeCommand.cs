using System.CommandLine;
using System.Security.Cryptography;
using Keel.Registry;
using Keel.Server;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;

namespace Keel.Cli.Commands;

/// <summary><c>keel serve</c>: answers scoring requests for a model over the Open Inference Protocol v2 and MLflow's protocol.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model file, or a registered version: models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest", Required = true };
        var name = new Option<string?>("--name") { Description = "The name clients use (/v2/models/NAME); default: the file's base name, or the registered name" };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; 0.0.0.0 for every interface", DefaultValueFactory = _ => "127.0.0.1" };
        var defaults = new ServerOptions();
        var maxConcurrency = new Option<int>("--max-concurrency") { Description = "Most requests scored at once (health checks aside); default 4 × cores", DefaultValueFactory = _ => defaults.MaxConcurrency };
        var queue = new Option<int>("--queue") { Description = "Most requests waiting beyond --max-concurrency; past it the answer is 503 with Retry-After: 1", DefaultValueFactory = _ => defaults.QueueLimit };
        var command = new Command("serve", """
            Serve a model over HTTP until interrupted (Ctrl+C), on two protocols at once:
              Open Inference Protocol v2 (KServe, Seldon, Triton): GET /v2/health/live, /v2/health/ready, /v2,
                /v2/models/NAME, /v2/models/NAME/ready; POST /v2/models/NAME/infer
              MLflow scoring: POST /invocations (dataframe_split, dataframe_records, instances, inputs, or text/csv);
                GET /ping, /health, /version
            Inside a workspace every prediction is recorded in its inference log (columns flagged pii are hashed)
            before it is answered. Past --max-concurrency requests in flight and --queue waiting, requests are answered
            503 with Retry-After: 1 at once, instead of slowing every client down; health checks are always answered.

            Examples:
              keel serve --model model.keel
              keel serve --model models:/churn@champion --port 9000
              curl -s localhost:8080/invocations -H 'Content-Type: application/json' \
                -d '{"dataframe_records": [{"age": 41, "plan": "plus"}]}'
            """) { model, name, port, host, maxConcurrency, queue };
        command.SetAction(async (result, ct) =>
        {
            var loaded = await ModelLoading.LoadAsync(context, result.GetValue(model)!, ct);
            var text = result.GetValue(model)!;
            var servedName = result.GetValue(name) ?? loaded.Registered?.Name ?? Path.GetFileNameWithoutExtension(text);
            if (!ModelReference.IsValidName(servedName, out var problem))
            {
                throw new UserException($"--name: {problem}");
            }
            var version = loaded.Registered?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ?? await FileVersionAsync(context.FullPath(text), ct);
            var served = new ServedModel(servedName, version, loaded.Model, loaded.Display);
            var options = new ServerOptions
            {
                Host = result.GetValue(host)!,
                Port = result.GetValue(port),
                MaxConcurrency = result.GetValue(maxConcurrency),
                QueueLimit = result.GetValue(queue),
            };
            if (options.Port is < 0 or > 65535)
            {
                throw new UserException($"--port must be between 0 and 65535, got {options.Port}");
            }
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
                WebApplication app;
                try
                {
                    app = KeelServer.Create(options, [served], log, context.Time);
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
                    context.Terminal.Note($"serving {served.Name} (version {served.Version}, from {served.Source}) on {string.Join(", ", KeelServer.ListeningAddresses(app))}; Ctrl+C stops");
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C is how a server is meant to stop: drain in-flight requests, then exit 0.
                    }
                    await app.StopAsync(CancellationToken.None);
                }
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

    /// <summary>A file's version: the first 12 hex digits of its SHA-256, so the same bytes report the same version.</summary>
    private static async Task<string> FileVersionAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return Convert.ToHexStringLower(hash)[..12];
    }
}
