using System.Buffers;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Keel.Storage;

/// <summary>
/// One file of an <see cref="InferenceJournal"/>, mapped into memory: frames are copied into the mapping, so an append
/// is a copy, not a system call. The mapping is the file's page cache itself, so a frame is in the file once it is
/// copied and survives the process being killed (not the machine losing power, like a write without fsync). The file is
/// created at its full capacity with its blocks reserved, so a copy into it cannot meet a full disk (which would be a
/// fault, not an error); the part not yet written reads as zeroes, which no frame header is. Its writer holds the file
/// open with an exclusive lock (<see cref="FileShare.None"/>, an advisory lock on Unix), which is how recovery tells a
/// live server's segment from one a dead process left behind. One writer appends; one reader may read what is
/// published (below <see cref="Length"/>) and touch pages ahead (<see cref="Prefault"/>) meanwhile.
/// </summary>
internal sealed unsafe class InferenceJournalSegment : IDisposable
{
    private const int PageBytes = 4096;

    private readonly SafeFileHandle _handle;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly Mapped _memory;
    private long _length;
    private long _prefaulted;
    private bool _closed;

    private InferenceJournalSegment(string path, SafeFileHandle handle, MemoryMappedFile map, MemoryMappedViewAccessor view, int capacity)
    {
        FilePath = path;
        Capacity = capacity;
        _handle = handle;
        _map = map;
        _view = view;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _start = start + view.PointerOffset;
        _memory = new Mapped(_start, capacity);
    }

    /// <summary>Path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Bytes the file holds: the most frames can take.</summary>
    public int Capacity { get; }

    /// <summary>Bytes published so far: every frame up to here is whole.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>Bytes a frame may still take.</summary>
    public long Remaining => Capacity - _length;

    /// <summary>
    /// Creates a segment file of <paramref name="capacity"/> bytes in <paramref name="directory"/>, its blocks reserved on
    /// disk, and maps it.
    /// </summary>
    /// <exception cref="IOException">The file could not be created or its space reserved (a full disk, for one).</exception>
    public static InferenceJournalSegment Create(string directory, long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, int.MaxValue);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}{InferenceJournal.SegmentExtension}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None, capacity);
        MemoryMappedFile? map = null;
        try
        {
            RandomAccess.SetLength(handle, capacity);
            map = MemoryMappedFile.CreateFromFile(handle, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
            return new InferenceJournalSegment(path, handle, map, view, (int)capacity);
        }
        catch
        {
            map?.Dispose();
            File.Delete(path);
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next <paramref name="size"/> bytes after <see cref="Length"/>, for the writer to fill with a frame and then
    /// <see cref="Publish"/>. Until then, whatever is there is not part of the segment.
    /// </summary>
    public Span<byte> Reserve(int size)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Remaining);
        return new Span<byte>(_start + _length, size);
    }

    /// <summary>Makes the <paramref name="size"/> bytes filled after <see cref="Reserve"/> part of the segment.</summary>
    public void Publish(int size) => Volatile.Write(ref _length, _length + size);

    /// <summary>Published bytes, for the reader: <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    public ReadOnlyMemory<byte> Read(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return _memory.Memory.Slice(checked((int)offset), length);
    }

    /// <summary>
    /// Touches every page up to <paramref name="end"/> for writing, so the writer's copies there do not fault (the first
    /// write to a page of a mapped file stops the thread while the kernel maps it). Each touch is an atomic
    /// compare-and-exchange of a word with itself: it never changes what the writer put there, even at the same moment.
    /// </summary>
    public void Prefault(long end)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        end = Math.Min(end, Capacity);
        for (var page = _prefaulted; page < end; page += PageBytes)
        {
            Interlocked.CompareExchange(ref *(long*)(_start + page), 0, 0);
        }
        _prefaulted = Math.Max(_prefaulted, (end + PageBytes - 1) / PageBytes * PageBytes);
    }

    /// <summary>
    /// Empties the segment so that it can take frames again (every record in it is in the store): the bytes written go
    /// back to zero, the first frame's header first, so that from then on a recovery finds no frame in it (a frame left
    /// behind would be stored again; a process killed meanwhile leaves bytes a recovery counts as ignored). The file
    /// and its mapped pages are kept, so writing into them again does not fault as a new file's pages do.
    /// </summary>
    public void Clear()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var written = new Span<byte>(_start, checked((int)_length));
        written[..Math.Min(written.Length, InferenceJournalFrame.HeaderBytes)].Clear();
        written.Clear();
        _length = 0;
        _prefaulted = 0; // the kernel write-protects a page again when it writes it back to disk
    }

    /// <summary>Deletes the file (every record in it is in the store) and closes it.</summary>
    public void Delete()
    {
        if (!_closed)
        {
            Unmap();
        }
        File.Delete(FilePath);
        _handle.Dispose();
    }

    /// <summary>Closes the file and leaves it for recovery, cut to the frames written.</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }
        Unmap();
        try
        {
            RandomAccess.SetLength(_handle, _length);
        }
        catch (IOException)
        {
            // Left at its capacity: recovery stops at the zeroes after the last frame anyway.
        }
        _handle.Dispose();
    }

    // Unmaps without msync: the accessor's own Dispose flushes the view synchronously (a 32 MB segment took about half a
    // second to write out, holding the disk and the process's memory map), which neither deleting the file nor leaving
    // it for recovery needs: the page cache already holds every frame. Closing the view's handle first makes the
    // accessor see a closed view and skip its flush.
    private void Unmap()
    {
        _closed = true;
        var handle = _view.SafeMemoryMappedViewHandle;
        handle.ReleasePointer();
        handle.Dispose();
        _view.Dispose();
        _map.Dispose();
    }

    /// <summary>The mapping as <see cref="Memory{T}"/>, for the inserter to read frames in place.</summary>
    private sealed class Mapped(byte* start, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(start, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
