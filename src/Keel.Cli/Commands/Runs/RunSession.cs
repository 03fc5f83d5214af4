using System.Globalization;
using Keel.Registry;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// The workspace's run tracking as the <c>keel runs</c> commands use it: the catalog, the registry (for the model
/// versions a run registered), the artifact store, and run lookups whose failures say how to find a run (exit code 2).
/// </summary>
internal sealed class RunSession : WorkspaceSession
{
    private RunSession(KeelWorkspace workspace, MetadataStore store)
        : base(workspace, store)
    {
    }

    public static async Task<RunSession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var (workspace, store) = await OpenStoreAsync(context, ct);
        return new RunSession(workspace, store);
    }

    /// <summary>The run <paramref name="text"/> names (its number, as <c>keel runs list</c> prints it); otherwise a user error.</summary>
    public async Task<RunRecord> RequireRunAsync(string text, CancellationToken ct)
    {
        var trimmed = text.Trim().TrimStart('#');
        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw new UserException($"'{text}' is not a run number; `keel runs list` shows the runs");
        }
        return await Runs.GetAsync(id, ct) ?? throw new UserException($"no run {id}; `keel runs list` shows the runs");
    }

    /// <summary>The model versions registered by run <paramref name="runId"/>, each with the aliases that point at it now.</summary>
    public async Task<List<(ModelVersionRecord Version, string[] Aliases)>> GetRegisteredVersionsAsync(long runId, CancellationToken ct)
    {
        var found = new List<(ModelVersionRecord, string[])>();
        foreach (var model in await Registry.ListModelsAsync(ct))
        {
            foreach (var version in await Registry.ListVersionsAsync(model.Name, ct))
            {
                if (version.RunId == runId)
                {
                    found.Add((version, model.Aliases.Where(a => a.Value == version.Version).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray()));
                }
            }
        }
        return found;
    }
}
