using Keel.Data;
using Keel.Data.Profiles;
using Keel.Data.Reading;
using Keel.Storage;

namespace Keel.Cli.Commands;

/// <summary>
/// What a data command was pointed at: a file on disk, or a stored dataset version (NAME or NAME:VERSION).
/// An existing file wins over a dataset of the same name.
/// </summary>
internal sealed class DatasetInput
{
    private readonly string? _storedQuarantinePath;

    private DatasetInput(string path, string display, DatasetVersion? version, ArtifactStore? artifacts, string? storedQuarantinePath)
    {
        Path = path;
        Display = display;
        Version = version;
        Artifacts = artifacts;
        _storedQuarantinePath = storedQuarantinePath;
    }

    /// <summary>The file to read: the user's file or the stored copy.</summary>
    public string Path { get; }

    /// <summary>How to name the input in messages.</summary>
    public string Display { get; }

    /// <summary>The stored version, when the input is a dataset reference.</summary>
    public DatasetVersion? Version { get; }

    private ArtifactStore? Artifacts { get; }

    public static async Task<DatasetInput> ResolveAsync(CliContext context, string input, CancellationToken ct)
    {
        var full = context.FullPath(input);
        if (input == "-" || File.Exists(full))
        {
            return new DatasetInput(full, input, null, null, null);
        }
        if (!DatasetReference.TryParse(input, out var reference, out _))
        {
            throw new FileNotFoundException($"{input}: no such file (and not a dataset reference like NAME or NAME:VERSION)");
        }
        KeelWorkspace workspace;
        try
        {
            workspace = context.OpenWorkspace();
        }
        catch (WorkspaceNotFoundException)
        {
            throw new FileNotFoundException($"{input}: no such file, and no Keel workspace to look it up as a dataset (run `keel init` and `keel data add`)");
        }
        using var store = await MetadataStore.OpenAsync(workspace, context.Time, ct);
        var version = await new DatasetCatalog(store).GetVersionAsync(reference, ct)
            ?? throw new UserException($"{input}: no such file and no such dataset version; `keel data list` shows the datasets");
        var artifacts = new ArtifactStore(workspace);
        // The artifact store holds nothing but content-addressed copies: bad rows of a stored version are
        // quarantined in the working directory unless --quarantine says otherwise.
        var quarantine = System.IO.Path.Combine(context.WorkingDirectory, $"{version.Dataset}-v{version.Version}.quarantine.jsonl");
        return new DatasetInput(artifacts.GetPath(version.ContentId), version.Reference.ToString(), version, artifacts, quarantine);
    }

    /// <summary>Read options for this input: a stored version is read with its stored schema pinned, quarantining outside the store.</summary>
    public ReadOptions Adjust(ReadOptions options)
    {
        if (Version is null)
        {
            return options;
        }
        var schema = SchemaJson.Deserialize(Version.SchemaJson);
        options = StoredReadSettings.Apply(Version.SchemaJson, options, options.Delimiter is not null, !ReferenceEquals(options.MissingTokens, ReadOptions.DefaultMissingTokens));
        return options with
        {
            Pinned = SchemaFile.Of(schema),
            QuarantinePath = options.QuarantinePath ?? _storedQuarantinePath,
            SourceName = options.SourceName ?? $"{Version.Reference} (stored copy of {Version.Source})",
        };
    }

    /// <summary>Opens the input; a stored copy is named by its hash, so its format comes from the file it was added from.</summary>
    public IFrameReader Open(ReadOptions options) => DataSource.Open(Path, Adjust(options), Version?.Source);

    /// <summary>The stored profile of a dataset version (no re-read), or null for a file.</summary>
    public DatasetProfile? StoredProfile => Version is null ? null : DatasetProfile.FromJson(Version.ProfileJson);
}
