using System.Buffers;
using System.Text;
using Keel.Data.Profiles;

namespace Keel.Serving.Deployments;

/// <summary>
/// Maps a request key to a fixed point in [0, 1): the top 53 bits of XXH64 over the key's UTF-8 bytes, seeded with
/// XXH64 of the deployment's name, times 2⁻⁵³. The same key and deployment give the same point in every process and
/// on every machine, so a caller keeps its variant across replicas and restarts; another deployment splits the same
/// callers independently.
/// </summary>
internal static class StickyBucket
{
    // UTF-8 needs at most 3 bytes per UTF-16 unit (plus 3 for a split surrogate), so keys up to 169 characters fit.
    private const int StackLimit = 512;

    /// <summary>The seed for <paramref name="deployment"/>'s buckets.</summary>
    public static ulong SeedFor(string deployment) => Hash(deployment, 0);

    /// <summary>The key's point in [0, 1). Allocation-free for keys up to 169 characters; longer keys rent a buffer.</summary>
    public static double Of(string key, ulong seed) => (Hash(key, seed) >> 11) * (1.0 / (1UL << 53));

    private static ulong Hash(string text, ulong seed)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return ValueHash.XxHash64(buffer[..written], seed);
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return ValueHash.XxHash64(rented.AsSpan(0, written), seed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
