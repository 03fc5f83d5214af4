using System.Buffers;
using System.Runtime.InteropServices;

namespace Keel.Storage;

/// <summary>
/// Bytes outside the garbage-collected heap, freed by <see cref="Release"/>. For data that lives a few
/// tens of milliseconds on the serving path (journal frames waiting for the ingester): on the heap it outlives the
/// collections that happen meanwhile, and copying it into older generations made every collection longer.
/// Not thread-safe; not used after <see cref="Release"/>.
/// </summary>
internal sealed unsafe class NativeBuffer : MemoryManager<byte>
{
    private byte* _pointer;
    private readonly int _length;

    /// <summary>Copies <paramref name="bytes"/> into newly allocated native memory.</summary>
    public NativeBuffer(ReadOnlySpan<byte> bytes)
        : this(bytes.Length) => bytes.CopyTo(new Span<byte>(_pointer, _length));

    /// <summary>Allocates <paramref name="length"/> bytes of native memory, not initialised: fill them through <see cref="GetSpan"/>.</summary>
    public NativeBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        _pointer = (byte*)NativeMemory.Alloc((nuint)Math.Max(_length, 1));
    }

    /// <summary>Frees the memory; the buffer must not be used afterwards. Idempotent.</summary>
    public void Release() => ((IDisposable)this).Dispose();

    /// <inheritdoc/>
    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new Span<byte>(_pointer, _length);
    }

    /// <inheritdoc/>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc/>
    public override void Unpin()
    {
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.Free(_pointer);
            _pointer = null;
        }
    }
}
