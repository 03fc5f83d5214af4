using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Storage;

public sealed class InferenceLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly string _path;

    public InferenceLogTests() => _path = _temp.Combine("keel.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task AppendAsync_WhileAnotherWriterHoldsTheStore_IsAcknowledgedAndReadsWaitForTheStore()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        var log = await InferenceLog.OpenAsync(store);
        await using (log)
        {
            Task<IReadOnlyList<InferenceRecord>> read;
            // Hold the store's write lock: appends are acknowledged from the journal, but the copy into the table (and a
            // read, which waits for it) cannot happen until the lock is released.
            await using (var blocker = new SqliteConnection($"Data Source={_path}"))
            {
                await blocker.OpenAsync();
                using var transaction = blocker.BeginTransaction(deferred: false);
                await Task.WhenAll(Enumerable.Range(0, 20).Select(i => log.AppendAsync([Record($"r{i}", 0)]).AsTask()));
                read = log.ReadAsync("r19");
                await Task.Delay(200);
                Assert.False(read.IsCompleted);
                Assert.Equal(20, log.PendingRecords);
                transaction.Rollback();
            }

            Assert.Single(await read);
            Assert.Equal(0, log.PendingRecords);
            for (var i = 0; i < 20; i++)
            {
                Assert.Single(await log.ReadAsync($"r{i}"));
            }
        }
    }

    [Fact]
    public async Task AppendAsync_Committed_RecordReadsBackAsWritten()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        var records = new[] { Record("a", 0), Record("a", 1) with { RequestId = null } };

        await log.AppendAsync(records);

        Assert.Equal(records, await log.ReadAsync("a"));
    }

    [Fact]
    public async Task OpenAsync_TwiceOnOneWorkspace_MasksWithTheSameSalt()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var first = await InferenceLog.OpenAsync(store);
        await using var second = await InferenceLog.OpenAsync(store);

        Assert.Equal(first.Mask.Mask("alice@example.com"), second.Mask.Mask("alice@example.com"));
        Assert.NotEqual(first.Mask.Mask("alice@example.com"), first.Mask.Mask("bob@example.com"));
        Assert.NotEqual(new PiiMask(new byte[16]).Mask("alice@example.com"), first.Mask.Mask("alice@example.com"));
    }

    [Fact]
    public void Mask_Rfc4231TestCase1_IsTheHmacSha256Hex()
    {
        // RFC 4231 section 4.2: key = 20 bytes of 0x0b, data = "Hi There".
        var key = Enumerable.Repeat((byte)0x0b, 20).ToArray();

        Assert.Equal("sha256:b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", new PiiMask(key).Mask("Hi There"));
    }

    private InferenceRecord Record(string inference, int row) =>
        new($"{inference}:{row}", inference, "req", "churn", "3", row, "{\"x\":1}", "{\"prediction\":\"yes\"}", 1234, _clock.GetUtcNow());
}
