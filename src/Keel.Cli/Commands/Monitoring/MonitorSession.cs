using Keel.Monitoring.Windows;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>The workspace's monitoring history as <c>keel monitor history</c> reads it.</summary>
internal sealed class MonitorSession : WorkspaceSession
{
    private MonitorSession(KeelWorkspace workspace, MetadataStore store)
        : base(workspace, store)
    {
        History = new WindowHistory(store);
    }

    public WindowHistory History { get; }

    public static async Task<MonitorSession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var (workspace, store) = await OpenStoreAsync(context, ct);
        return new MonitorSession(workspace, store);
    }
}
