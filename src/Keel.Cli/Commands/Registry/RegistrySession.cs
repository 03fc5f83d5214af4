using Keel.Registry;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// The workspace's model registry as the registry commands use it: the store, the artifact files, lookups whose
/// failures name what was asked for and list what exists (exit code 2), and one webhook dispatch pass after a change.
/// </summary>
internal sealed class RegistrySession : WorkspaceSession
{
    // One client for every webhook post of the process: HttpClient pools connections and is meant to be shared.
    private static readonly HttpClient s_http = new();

    private readonly CliContext _context;

    private RegistrySession(CliContext context, KeelWorkspace workspace, MetadataStore store)
        : base(workspace, store)
    {
        _context = context;
        Webhooks = new WebhookCatalog(store);
    }

    public WebhookCatalog Webhooks { get; }

    public static async Task<RegistrySession> OpenAsync(CliContext context, CancellationToken ct)
    {
        var (workspace, store) = await OpenStoreAsync(context, ct);
        return new RegistrySession(context, workspace, store);
    }

    /// <summary>The registered model <paramref name="name"/>; otherwise a user error listing the registered models.</summary>
    public async Task<RegisteredModelSummary> RequireModelAsync(string name, CancellationToken ct)
    {
        if (!ModelReference.IsValidName(name, out var problem))
        {
            throw new UserException(problem);
        }
        var models = await Registry.ListModelsAsync(ct);
        return models.Find(m => m.Name == name) ?? throw new UserException(models.Count == 0
            ? $"no registered model '{name}': no model is registered yet (keel models register FILE --name NAME)"
            : $"no registered model '{name}'; registered models: {string.Join(", ", models.Select(m => m.Name))}");
    }

    /// <summary>Version <paramref name="version"/> of <paramref name="name"/>; otherwise a user error listing its versions.</summary>
    public async Task<ModelVersionRecord> RequireVersionAsync(string name, int version, CancellationToken ct)
    {
        await RequireModelAsync(name, ct);
        var versions = await Registry.ListVersionsAsync(name, ct);
        return versions.Find(v => v.Version == version)
            ?? throw new UserException($"model '{name}' has no version {version}; its versions: {string.Join(", ", versions.Select(v => v.Version))}");
    }

    /// <summary>The version <paramref name="reference"/> names; otherwise a user error saying what the model does have.</summary>
    public async Task<ModelVersionRecord> ResolveAsync(ModelReference reference, CancellationToken ct)
    {
        var model = await RequireModelAsync(reference.Name, ct);
        if (await Registry.ResolveAsync(reference, ct) is { } found)
        {
            return found;
        }
        if (reference.Alias is { } alias)
        {
            throw new UserException($"{reference}: model '{model.Name}' has no alias '{alias}'; " + (model.Aliases.Count == 0
                ? "it has no aliases (keel models alias NAME ALIAS VERSION)"
                : "its aliases: " + AliasList(model.Aliases)));
        }
        if (reference.Version is { } version)
        {
            await RequireVersionAsync(reference.Name, version, ct);
        }
        throw new UserException($"{reference}: every version of model '{model.Name}' is archived; name one with models:/{model.Name}/VERSION");
    }

    /// <summary>Aliases as <c>champion → v3, challenger → v4</c>.</summary>
    public static string AliasList(IReadOnlyDictionary<string, int> aliases) =>
        string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → v{a.Value}"));

    /// <summary>Posts every webhook delivery that is due now (one <see cref="WebhookDispatcher"/> pass).</summary>
    public Task<WebhookDispatchResult> DeliverWebhooksAsync(CancellationToken ct) =>
        new WebhookDispatcher(Store, s_http).DeliverDueAsync(ct);

    /// <summary>
    /// After a registry change: tells the configured webhooks at once. A failure never fails the command: the
    /// delivery stays pending for the next pass, and stderr says so.
    /// </summary>
    public async Task NotifyWebhooksAsync(CancellationToken ct)
    {
        WebhookDispatchResult result;
        try
        {
            result = await DeliverWebhooksAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.Terminal.Note($"webhooks: not notified ({ex.Message}); the events stay pending for `keel webhooks deliver`");
            return;
        }
        if (result.Delivered > 0)
        {
            _context.Terminal.Note($"webhooks: {Deliveries(result.Delivered)} made");
        }
        if (result.Retrying > 0)
        {
            _context.Terminal.Note($"webhooks: {Deliveries(result.Retrying)} failed and will be retried by `keel webhooks deliver` (see `keel webhooks list`)");
        }
        if (result.Failed > 0)
        {
            _context.Terminal.Note($"webhooks: {Deliveries(result.Failed)} failed for good after every retry (see `keel webhooks list`)");
        }
    }

    private static string Deliveries(int n) => n == 1 ? "1 delivery" : $"{n} deliveries";
}
