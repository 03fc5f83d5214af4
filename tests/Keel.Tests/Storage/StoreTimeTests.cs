using System.Text;
using Keel.Storage;

namespace Keel.Tests.Storage;

public sealed class StoreTimeTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(638_000_000_000_000_001L)]
    [InlineData(639_000_123_456_789_000L)]
    [InlineData(3_155_378_975_999_999_999L)] // DateTime.MaxValue
    public void FormatUtf8_IsTheStoredTextOfTheSameTime(long ticks)
    {
        Span<byte> utf8 = stackalloc byte[StoreTime.Utf8Length];
        StoreTime.FormatUtf8(ticks, utf8);

        Assert.Equal(StoreTime.Format(new DateTimeOffset(ticks, TimeSpan.Zero)), Encoding.ASCII.GetString(utf8));
    }
}
