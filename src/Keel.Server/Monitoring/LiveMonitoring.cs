using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Server.Monitoring;

/// <summary>Runs the <see cref="LiveMonitor"/>'s reader while the server runs, and asks it every second to close time windows.</summary>
internal sealed class LiveMonitoring(LiveMonitor monitor, TimeProvider time, ILogger<LiveMonitoring> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = monitor.RunAsync(time, ex => logger.LogWarning(ex, "monitoring window failed"), stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                monitor.Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
        try
        {
            await reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The reader stops with the server.
        }
    }
}
