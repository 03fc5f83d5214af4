using Keel.Learning;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary>A model given to a command, loaded, with how to name it in messages.</summary>
internal sealed record LoadedModel(Model Model, string Display)
{
    /// <summary>The registered version it was resolved to, when given as a registry reference; null for a file.</summary>
    public ModelVersionRecord? Registered { get; init; }
}

/// <summary>
/// Loads what <c>--model</c> names: a model file, or a registry reference (<c>models:/NAME/VERSION</c>,
/// <c>models:/NAME/latest</c>, <c>models:/NAME@ALIAS</c>) resolved to its file in the artifact store. A damaged or
/// foreign file, or a reference to nothing, is a user error.
/// </summary>
internal static class ModelLoading
{
    public static async Task<LoadedModel> LoadAsync(CliContext context, string text, CancellationToken ct)
    {
        if (!ModelReference.IsReference(text))
        {
            var full = context.FullPath(text);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"{text}: no such model file (a registered model is named models:/NAME/VERSION or models:/NAME@ALIAS)");
            }
            return new LoadedModel(Read(full, null), text);
        }
        if (!ModelReference.TryParse(text, out var reference, out var error))
        {
            throw new UserException(error);
        }
        using var session = await RegistrySession.OpenAsync(context, ct);
        var version = await session.ResolveAsync(reference, ct);
        var path = session.Artifacts.GetPath(version.ContentId);
        if (!File.Exists(path))
        {
            throw new UserException($"{text}: the file of {version.Reference} ({version.ContentId.Value}) is missing from the artifact store");
        }
        var display = reference.Version is null ? $"{reference} (v{version.Version})" : reference.ToString();
        return new LoadedModel(Read(path, display), display) { Registered = version };
    }

    // A file's own errors name the file; a stored copy is named by its hash, so say which reference it is.
    private static Model Read(string path, string? reference)
    {
        try
        {
            return Model.Load(path);
        }
        catch (InvalidDataException ex)
        {
            throw new UserException(reference is null ? ex.Message : $"{reference}: {ex.Message}");
        }
    }
}
