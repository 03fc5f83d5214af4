using Keel.Server.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Deployments;

/// <summary>
/// Keeps a <see cref="DeploymentHost"/> current while the server runs: refreshes it every
/// <see cref="ServerOptions.DeploymentPollInterval"/> and ticks its canaries every
/// <see cref="ServerOptions.CanaryTickInterval"/>, on the server's <see cref="TimeProvider"/>. A failed pass is logged
/// and the next one tries again; the tables already published keep serving. After each refresh the live monitor
/// forgets the models a deployment no longer serves in their role (<see cref="LiveMonitor.Retire"/>).
/// </summary>
internal sealed class DeploymentPolling(
    DeploymentHost host, LiveMonitor monitor, ServerOptions options, TimeProvider time, ILogger<DeploymentPolling> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            EveryAsync(options.DeploymentPollInterval, RefreshAsync, stoppingToken),
            EveryAsync(options.CanaryTickInterval, TickAsync, stoppingToken));

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var problem in await host.RefreshAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("{Problem}", problem);
        }
        monitor.Retire(host.Find);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var decision in await host.TickCanariesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (decision.Revision is { } written)
            {
                // The server logs warnings and above only; a canary that moves on its own must be seen.
                logger.LogWarning("canary '{Deployment}': {Change} to revision {Revision}: {Reason}",
                    written.Deployment, decision.Action, written.Number, decision.Reason);
            }
        }
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> pass, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await pass(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "deployment pass failed; the next one tries again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }
}
