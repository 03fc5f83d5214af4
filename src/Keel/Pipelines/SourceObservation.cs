using System.Globalization;

namespace Keel.Pipelines;

/// <summary>What a pipeline's source held at one poll of <see cref="ISourceProbe"/>; compared with the previous poll to detect new data.</summary>
public abstract record SourceObservation
{
    /// <summary>
    /// What is new since <paramref name="previous"/>, in words fit for <see cref="Registry.RunTrigger.Detail"/>
    /// (<c>credit:4</c>, <c>jan.csv, feb.csv</c>), or null when nothing is.
    /// </summary>
    public abstract string? NewSince(SourceObservation previous);

    /// <summary>The observation in a few words, for the scheduler's log.</summary>
    public abstract string Describe();
}

/// <summary>The latest version of a dataset (0 when it has none yet). New data is a higher version number.</summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Version">Its latest version number, 0 for none.</param>
public sealed record DatasetObservation(string Dataset, int Version) : SourceObservation
{
    /// <inheritdoc/>
    public override string? NewSince(SourceObservation previous) =>
        previous is DatasetObservation before && Version <= before.Version ? null : Describe();

    /// <inheritdoc/>
    public override string Describe() => Version == 0 ? $"{Dataset} (no versions yet)" : $"{Dataset}:{Version.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The files a glob matches, each with its size and last write time. A file added, or rewritten (size or time
/// changed), or removed is new data; contents are not read, so a poll costs one directory listing.
/// </summary>
public sealed record FileSetObservation : SourceObservation
{
    private const int NamesShown = 10;

    /// <summary>Creates an observation of <paramref name="files"/> (file name → stamp).</summary>
    public FileSetObservation(IReadOnlyDictionary<string, FileStamp> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
    }

    /// <summary>The matching files by name (without directory), with their stamps.</summary>
    public IReadOnlyDictionary<string, FileStamp> Files { get; }

    /// <inheritdoc/>
    public override string? NewSince(SourceObservation previous)
    {
        if (previous is not FileSetObservation before)
        {
            return Describe();
        }
        var changed = Files.Where(f => !before.Files.TryGetValue(f.Key, out var stamp) || stamp != f.Value).Select(f => f.Key).ToList();
        if (changed.Count > 0)
        {
            return Names(changed);
        }
        var removed = before.Files.Keys.Where(name => !Files.ContainsKey(name)).ToList();
        return removed.Count > 0 ? "removed " + Names(removed) : null;
    }

    /// <inheritdoc/>
    public override string Describe() => Files.Count == 1 ? "1 file" : $"{Files.Count.ToString(CultureInfo.InvariantCulture)} files";

    private static string Names(List<string> names)
    {
        names.Sort(StringComparer.Ordinal);
        var shown = string.Join(", ", names.Take(NamesShown));
        return names.Count > NamesShown ? $"{shown} and {(names.Count - NamesShown).ToString(CultureInfo.InvariantCulture)} more" : shown;
    }
}

/// <summary>A file's size and last write time, which together stand for its content.</summary>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteUtc">Last write time.</param>
public readonly record struct FileStamp(long Length, DateTime LastWriteUtc);
