namespace Keel.Cli.Commands;

/// <summary>
/// What <c>tag</c> and <c>describe</c> act on: a registered model (<see cref="Version"/> 0, as the registry stores
/// model-level tags and descriptions) or one of its versions (<c>--version N</c>).
/// </summary>
internal sealed record ModelOrVersion(string Name, int Version)
{
    public string Display => Version == 0 ? $"model '{Name}'" : $"models:/{Name}/{Version}";

    /// <summary>Checks that the model (and the version, if given) exists; otherwise a user error listing what does.</summary>
    public static async Task<ModelOrVersion> RequireAsync(RegistrySession session, string name, int? version, CancellationToken ct)
    {
        if (version is { } v)
        {
            var record = await session.RequireVersionAsync(name, v, ct);
            return new ModelOrVersion(record.Name, record.Version);
        }
        var model = await session.RequireModelAsync(name, ct);
        return new ModelOrVersion(model.Name, 0);
    }
}
