using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Monitoring;

/// <summary>
/// Drains the <see cref="LiveMonitor"/>'s queue every 10 ms while the server runs, and every second passes gathered
/// rows on and closes time windows; a last drain when the server stops.
/// </summary>
internal sealed class LiveMonitoring(LiveMonitor monitor, TimeProvider time, ILogger<LiveMonitoring> logger) : BackgroundService
{
    /// <summary>How often the queue is drained.</summary>
    public static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>How often gathered rows are passed on and time windows closed (judged on the server's clock, so a simulated clock that jumps ticks at every drain).</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DrainInterval, time);
        var ticked = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = time.GetUtcNow();
                var tick = now - ticked >= TickInterval;
                if (tick)
                {
                    ticked = now;
                }
                await monitor.DrainAsync(time, tick, Report, stoppingToken).ConfigureAwait(false);
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
