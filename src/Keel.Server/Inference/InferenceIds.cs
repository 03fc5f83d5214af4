using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Keel.Server.Inference;

/// <summary>
/// Request ids in the UUID version 7 layout of RFC 9562 (section 5.7): 48 bits of Unix time in milliseconds, so ids sort
/// by time, then 74 bits that keep them apart. Those come from a counter instead of fresh random bits per id
/// (<see cref="Guid.CreateVersion7(DateTimeOffset)"/> reads the system's random source for every call, a system call
/// per request): 12 bits drawn once per process, and 62 bits that are the process's random starting point plus the
/// counter times an odd constant (a bijection, so no two ids of one process share them before 2^62 ids). Ids of two
/// processes collide only if they are made in the same millisecond at counter values a process-specific random
/// distance apart. Thread-safe.
/// </summary>
internal static class InferenceIds
{
    private const ulong Spread = 0x9E37_79B9_7F4A_7C15; // odd (2^64 / golden ratio), so counter × Spread visits every value
    private static readonly ulong Start = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
    private static readonly ushort ProcessBits = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(RandomNumberGenerator.GetBytes(2)) & 0x0FFF);
    private static long s_counter;

    /// <summary>A new id for a request scored at <paramref name="now"/>, in the usual 8-4-4-4-12 hex form.</summary>
    public static string Next(DateTimeOffset now)
    {
        var counter = (ulong)Interlocked.Increment(ref s_counter);
        var milliseconds = (ulong)now.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        Span<byte> bytes = stackalloc byte[16];
        // unix_ts_ms (48) | ver = 7 (4) | rand_a (12)
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (milliseconds << 16) | 0x7000UL | ProcessBits);
        // var = 0b10 (2) | rand_b (62)
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], 0x8000_0000_0000_0000UL | ((Start + counter * Spread) & 0x3FFF_FFFF_FFFF_FFFF));
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
