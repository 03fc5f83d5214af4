using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Storage;

public sealed class InferenceRecordBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Add_RowsWrittenAsJson_AreStoredAsTheRecordsTheyDescribe()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), TimeProvider.System);
        await using var log = await InferenceLog.OpenAsync(store);
        var request = new InferenceRequest("req", "client-1", "churn", "3", 250, T0) { Deployment = "churn", DeploymentRevision = 2, DeploymentRole = "primary" };
        var batch = new InferenceRecordBatch();
        // Enough rows, with long enough values, to grow the pooled buffer several times.
        var text = new string('x', 700);
        for (var r = 0; r < 40; r++)
        {
            batch.Add(request, r, (r, text),
                static (w, s) => { w.WriteStartObject(); w.WriteNumber("n", s.r); w.WriteString("t", s.text); w.WriteEndObject(); },
                static (w, s) => w.WriteNumberValue(s.r * 0.5));
        }
        Assert.Equal(40, batch.Count);

        await log.AppendAsync(batch);

        var stored = await log.ReadAsync("req");
        Assert.Equal(40, stored.Count);
        for (var r = 0; r < 40; r++)
        {
            var expected = new InferenceRecord($"req:{r}", "req", "client-1", "churn", "3", r, $"{{\"n\":{r},\"t\":\"{text}\"}}",
                (r * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture), 250, T0)
            { Deployment = "churn", DeploymentRevision = 2, DeploymentRole = "primary" };
            Assert.Equal(expected, stored[r]);
        }
    }

    [Fact]
    public void Add_WriterThatThrows_LeavesNoPartOfTheRecord()
    {
        using var batch = new InferenceRecordBatch();
        var request = new InferenceRequest("req", null, "m", "1", 1, T0);
        batch.Add(request, 0, 0, static (w, _) => w.WriteNumberValue(1), static (w, _) => w.WriteNumberValue(2));
        var before = batch.Encoded.ToArray();

        Assert.Throws<InvalidOperationException>(() => batch.Add(request, 1, 0, static (w, _) => w.WriteNumberValue(1), static (_, _) => throw new InvalidOperationException("boom")));
        Assert.Throws<InvalidOperationException>(() => batch.Add(request, 1, 0, static (w, _) => w.WriteNumberValue(1), static (_, _) => { }));

        Assert.Equal(1, batch.Count);
        Assert.Equal(before, batch.Encoded.ToArray());
        Assert.Equal("req:7", InferenceRecordBatch.PredictionId("req", 7));
    }
}
