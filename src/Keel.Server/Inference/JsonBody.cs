using System.Buffers;
using System.Text.Json;

namespace Keel.Server.Inference;

/// <summary>
/// Builds a response body as JSON in a buffer and writer kept per thread, and returns it as an array of exactly its
/// size: a scoring answer is a hundred bytes or so, and a fresh buffer and writer per request cost several times that.
/// </summary>
internal static class JsonBody
{
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_json;

    /// <summary>The JSON that <paramref name="write"/> writes (one value) for <paramref name="state"/>.</summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (buffer, w) = t_json ??= NewWriter();
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        write(w, state);
        w.Flush();
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            t_json = null; // a large answer's buffer is not kept for the thread's small ones
        }
        return body;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
