using System.Collections.Concurrent;

namespace Keel.Monitoring.Drift;

/// <summary>
/// Arrays of exact lengths handed back and forth between the <see cref="FeatureSample"/>s of one comparison
/// (<see cref="DriftDetector.Compare"/>): columns of a dataset share their row count, so after the first few columns
/// every sample reuses memory that is already mapped. A fresh 8 MB array for a 1M-row column costs tens of
/// milliseconds in first-touch page faults on a busy VM, more than sorting it. Lives as long as the comparison; only
/// arrays of at least <see cref="MinLength"/> are kept.
/// </summary>
internal sealed class SampleBufferPool
{
    /// <summary>Shorter arrays are cheap to allocate and are not pooled.</summary>
    public const int MinLength = 1 << 16;

    private readonly ConcurrentDictionary<int, ConcurrentBag<double[]>> _free = new();

    /// <summary>An array of exactly <paramref name="length"/> values, contents undefined.</summary>
    public double[] Rent(int length) =>
        length >= MinLength && _free.TryGetValue(length, out var bag) && bag.TryTake(out var array)
            ? array
            : GC.AllocateUninitializedArray<double>(length);

    /// <summary>Gives <paramref name="array"/> back; the caller must not use it any more.</summary>
    public void Return(double[] array)
    {
        if (array.Length >= MinLength)
        {
            _free.GetOrAdd(array.Length, _ => []).Add(array);
        }
    }
}
