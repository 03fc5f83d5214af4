using Keel.Server.Inference;

namespace Keel.Server.Tests;

public sealed class InferenceIdsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 15, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Next_AnyTime_HasTheVersion7LayoutOfGuidCreateVersion7()
    {
        var id = InferenceIds.Next(T0);
        // .NET's own RFC 9562 implementation is the oracle for the time field, version and variant.
        var reference = Guid.CreateVersion7(T0);

        var guid = Guid.Parse(id);
        Assert.Equal(7, guid.Version);
        Assert.Equal(reference.Variant & 0xC, guid.Variant & 0xC);
        Assert.Equal(reference.ToString()[..15], id[..15]); // 48-bit milliseconds, '-', version digit
    }

    [Fact]
    public void Next_ManyIdsFromSeveralThreads_AreAllDistinct()
    {
        var ids = new string[8][];
        Parallel.For(0, ids.Length, t => ids[t] = [.. Enumerable.Range(0, 25_000).Select(_ => InferenceIds.Next(T0))]);

        Assert.Equal(200_000, ids.SelectMany(i => i).Distinct().Count());
    }

    [Fact]
    public void Next_LaterMillisecond_SortsAfter()
    {
        var earlier = InferenceIds.Next(T0.AddMilliseconds(1));
        var later = InferenceIds.Next(T0.AddMilliseconds(2));

        Assert.True(string.CompareOrdinal(earlier, later) < 0, $"{earlier} should sort before {later}");
    }
}
