using Keel.Storage;

namespace Keel.Tests.Storage;

public sealed class NativeBufferTests
{
    [Fact]
    public void NativeBuffer_CopiesTheBytes_ReadsThem_AndReleasesOnce()
    {
        byte[] source = [1, 2, 3, 250];
        var buffer = new NativeBuffer(source);
        source[0] = 9; // a copy, not a view

        Assert.Equal([1, 2, 3, 250], buffer.Memory.ToArray());
        Assert.Equal([3, 250], buffer.Memory[2..].Span.ToArray());
        buffer.Release();
        buffer.Release();
        Assert.Throws<ObjectDisposedException>(() => buffer.Memory.Span.Length);
    }

    [Fact]
    public void NativeBuffer_Empty_IsEmpty() => Assert.Equal(0, new NativeBuffer([]).Memory.Length);
}
