using Microsoft.Win32.SafeHandles;

namespace Keel.Storage;

/// <summary>
/// One append-only file of an <see cref="InferenceJournal"/>. Its writer holds it open with an exclusive lock
/// (<see cref="FileShare.None"/>, an advisory lock on Unix), which is how recovery tells a live server's segment from
/// one a dead process left behind. Not thread-safe: one writer appends.
/// </summary>
internal sealed class InferenceJournalSegment : IDisposable
{
    private readonly SafeFileHandle _handle;

    private InferenceJournalSegment(string path, SafeFileHandle handle)
    {
        FilePath = path;
        _handle = handle;
    }

    /// <summary>Path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Bytes written so far: every frame up to here is whole.</summary>
    public long Length { get; private set; }

    /// <summary>Creates a new segment file in <paramref name="directory"/>, reserving <paramref name="preallocateBytes"/> on disk.</summary>
    public static InferenceJournalSegment Create(string directory, long preallocateBytes)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}{InferenceJournal.SegmentExtension}");
        return new InferenceJournalSegment(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None, preallocateBytes));
    }

    /// <summary>
    /// Writes <paramref name="frame"/> at the end with one positional write. Once it returns the bytes are in the
    /// operating system's cache, so they survive the process being killed. A write that fails leaves
    /// <see cref="Length"/> where it was, so the next one overwrites whatever part of the frame reached the file.
    /// </summary>
    /// <exception cref="IOException">The write failed (a full disk, for one).</exception>
    public void Write(ReadOnlySpan<byte> frame)
    {
        RandomAccess.Write(_handle, frame, Length);
        Length += frame.Length;
    }

    /// <summary>Deletes the file (every record in it is in the store) and closes it.</summary>
    public void Delete()
    {
        File.Delete(FilePath);
        _handle.Dispose();
    }

    /// <summary>Closes the file and leaves it for recovery.</summary>
    public void Dispose() => _handle.Dispose();
}
