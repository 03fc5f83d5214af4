using Keel.Monitoring.Alerts;
using Keel.Retraining;
using Keel.Server.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Retraining;

/// <summary>
/// Runs the retraining loops of <c>keel serve --retrain POLICY</c> while the server runs: every
/// <see cref="ServerOptions.RetrainInterval"/> each loop ticks with its deployment's signals read from this server —
/// the alerts firing for it (<c>keel serve --alerts</c>; an alert without a <c>deployment</c> label counts for every
/// deployment) and the realized performance of its primary model from feedback labels (whose count stands for the new
/// labelled rows). A failed tick is logged; the next one tries again (the loop's state is in the store).
/// </summary>
internal sealed class RetrainingHosting(
    IReadOnlyList<RetrainingLoop> loops, LiveMonitor monitor, ServerOptions options, TimeProvider time, IServiceProvider services,
    ILogger<RetrainingHosting> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RetrainInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    /// <summary>One tick of every loop.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var loop in loops)
        {
            try
            {
                var said = await loop.TickAsync(Signals(loop.Deployment), cancellationToken).ConfigureAwait(false);
                // Holds repeat every tick; what changes something is worth a line in the server's log.
                if (said.StartsWith("retrain ", StringComparison.Ordinal))
                {
                    logger.LogWarning("deployment '{Deployment}': {Step}", loop.Deployment, said);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "retraining loop of deployment '{Deployment}' failed; the next tick tries again", loop.Deployment);
            }
        }
    }

    private RetrainingSignals Signals(string deployment)
    {
        var firing = services.GetService<AlertLoop>()?.Active
            .Where(a => a.State == AlertState.Firing && (!a.Labels.TryGetValue("deployment", out var d) || d == deployment))
            .Select(a => a.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var (metrics, labels) = monitor.Realized(deployment);
        return new RetrainingSignals { FiringAlerts = firing, RealizedMetrics = metrics, LabelCount = labels, NewLabelledRows = labels };
    }
}
