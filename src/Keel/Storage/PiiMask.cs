using System.Security.Cryptography;
using System.Text;

namespace Keel.Storage;

/// <summary>
/// Replaces personal data by a keyed hash before it is stored: <c>sha256:</c> + hex of HMAC-SHA256 (RFC 2104) of the
/// UTF-8 value under the workspace's secret salt. Equal values give equal hashes within a workspace (so counts,
/// joins and drift still work) while the value cannot be recovered, nor guessed by hashing candidates without the
/// salt. Thread-safe.
/// </summary>
public sealed class PiiMask
{
    private readonly byte[] _salt;

    /// <summary>Creates a mask keyed by <paramref name="salt"/> (at least 16 bytes).</summary>
    public PiiMask(byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length < 16)
        {
            throw new ArgumentException("the salt must be at least 16 bytes", nameof(salt));
        }
        _salt = (byte[])salt.Clone();
    }

    /// <summary>The masked form of <paramref name="value"/>.</summary>
    public string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(value), hash);
        return "sha256:" + Convert.ToHexStringLower(hash);
    }
}
