using System.Text;

namespace Keel.Cli;

/// <summary>
/// An output file that appears whole or not at all: text goes to a temporary sibling (<c>FILE.tmp-GUID</c>), and
/// <see cref="CommitAsync"/> renames it over the target. Disposing without committing (an error, a cancellation)
/// deletes the temporary file and leaves any earlier target untouched. Not thread-safe.
/// </summary>
internal sealed class AtomicFile : IAsyncDisposable
{
    private readonly string _tempPath;
    private bool _committed;

    private AtomicFile(string path)
    {
        Path = path;
        _tempPath = path + ".tmp-" + Guid.NewGuid().ToString("N");
        Writer = new StreamWriter(_tempPath, false, new UTF8Encoding(false));
    }

    /// <summary>The target's full path.</summary>
    public string Path { get; }

    /// <summary>Writes UTF-8 (no byte-order mark) to the temporary file; owned by this object.</summary>
    public StreamWriter Writer { get; }

    /// <summary>Starts writing <paramref name="path"/> (a full path).</summary>
    public static AtomicFile Create(string path) => new(path);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> whole or not at all.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using var file = Create(path);
        await file.Writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        await file.CommitAsync().ConfigureAwait(false);
    }

    /// <summary>Flushes and closes the temporary file, then renames it over the target (replacing it).</summary>
    public async Task CommitAsync()
    {
        await Writer.DisposeAsync();
        File.Move(_tempPath, Path, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await Writer.DisposeAsync();
            File.Delete(_tempPath);
        }
    }
}
