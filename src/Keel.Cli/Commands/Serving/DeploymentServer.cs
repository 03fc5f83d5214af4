using Keel.Monitoring.Windows;
using Keel.Pipelines;
using Keel.Retraining;
using Keel.Server;
using Keel.Server.Deployments;
using Keel.Serving.Deployments;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;

namespace Keel.Cli.Commands;

/// <summary>
/// A server for every deployment of a workspace, with its inference log, drift history and retraining loops, on a
/// given clock: what <c>keel serve</c> runs without <c>--model</c>, and what <c>keel quickstart</c> runs on a simulated
/// clock. Built and started by <see cref="StartAsync"/>; disposing stops the server (draining requests) and closes the log.
/// </summary>
internal sealed class DeploymentServer : IAsyncDisposable
{
    private readonly InferenceLog _log;

    private DeploymentServer(WebApplication app, InferenceLog log, IReadOnlyList<string> names)
    {
        App = app;
        _log = log;
        Names = names;
    }

    /// <summary>The running server.</summary>
    public WebApplication App { get; }

    /// <summary>The deployments served when it started.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public IReadOnlyList<string> Addresses => KeelServer.ListeningAddresses(App);

    /// <summary>
    /// Builds and starts a server for <paramref name="services"/>' deployments, with a retraining loop per policy file;
    /// <paramref name="note"/> receives problems with individual deployments (which are then not served).
    /// </summary>
    public static async Task<DeploymentServer> StartAsync(
        PipelineServices services, ServerOptions options, IReadOnlyList<string> policies, TimeProvider time, Action<string> note, CancellationToken ct)
    {
        var log = await InferenceLog.OpenAsync(services.Store, ct);
        try
        {
            var models = new RegistryModelSource(services.Store, services.Artifacts);
            var catalog = new DeploymentCatalog(services.Store);
            var host = new DeploymentHost(catalog, models, time);
            var loops = policies.Select(p => Loop(p, services, catalog, models, time)).ToList();
            foreach (var problem in await host.RefreshAsync(ct))
            {
                note(problem);
            }
            WebApplication app;
            try
            {
                app = KeelServer.Create(options, [], log, time, host, new WindowHistory(services.Store), loops);
            }
            catch (ArgumentException ex)
            {
                throw new UserException(ex.Message);
            }
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                await app.DisposeAsync();
                throw new UserException($"cannot listen on {options.Host}:{options.Port}: {ex.Message}");
            }
            return new DeploymentServer(app, log, host.Names);
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }
    }

    /// <summary>The retraining loop of the policy at <paramref name="path"/>: its pipeline trains, its holdout is recent labelled traffic.</summary>
    private static RetrainingLoop Loop(string path, PipelineServices services, DeploymentCatalog catalog, RegistryModelSource models, TimeProvider time)
    {
        RetrainingPolicy policy;
        try
        {
            policy = RetrainingPolicyFile.Load(path);
        }
        catch (RetrainingPolicyException ex)
        {
            throw new UserException(ex.Message);
        }
        return new RetrainingLoop(policy, catalog, new RetrainingJournal(services.Store, "retraining"),
            new PipelineCandidateTrainer(services, Path.GetDirectoryName(path)!),
            async (reference, token) => (await models.LoadAsync(reference, token)).Model,
            (champion, token) => LabelledTraffic.HoldoutAsync(services.Store, policy, champion, time.GetUtcNow(), token),
            time);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await _log.DisposeAsync();
    }
}
