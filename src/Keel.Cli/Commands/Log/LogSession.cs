using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>The workspace's inference log as the <c>keel log</c> commands read it.</summary>
internal sealed class LogSession : WorkspaceSession
{
    private LogSession(KeelWorkspace workspace, MetadataStore store)
        : base(workspace, store)
    {
    }

    public static async Task<LogSession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var (workspace, store) = await OpenStoreAsync(context, ct);
        return new LogSession(workspace, store);
    }

    /// <summary>A snapshot of the logged predictions matching <paramref name="filter"/>, with their labels.</summary>
    public Task<InferenceLogReader> OpenReaderAsync(InferenceLogFilter filter, CancellationToken ct) =>
        InferenceLogReader.OpenAsync(Store, filter, ct);
}
