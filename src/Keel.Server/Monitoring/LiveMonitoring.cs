using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Monitoring;

/// <summary>
/// Drains the <see cref="LiveMonitor"/>'s queue every 100 ms while the server runs, and every second passes gathered
/// rows on and closes time windows; a last drain when the server stops.
/// </summary>
internal sealed class LiveMonitoring(LiveMonitor monitor, TimeProvider time, ILogger<LiveMonitoring> logger) : BackgroundService
{
    /// <summary>How often the queue is drained.</summary>
    public static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(100);

    private const int DrainsPerTick = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DrainInterval, time);
        var drains = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await monitor.DrainAsync(time, ++drains % DrainsPerTick == 0, Report, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping: what is queued still counts.
            await monitor.DrainAsync(time, tick: true, Report, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Report(Exception ex) => logger.LogWarning(ex, "monitoring window failed");
}
