using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Storage;

public sealed class InferenceLogReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly string _path;

    public InferenceLogReaderTests() => _path = _temp.Combine("keel.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task ReadAsync_SameTime_OrdersByTimeThenPredictionId()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([Record("b:1", T0), Record("b:0", T0), Record("a:0", T0.AddTicks(1)), Record("c:0", T0.AddTicks(-1))]);
        await log.WaitForStoreAsync();

        await using var reader = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter());

        Assert.Equal(["c:0", "b:0", "b:1", "a:0"], await IdsAsync(reader));
    }

    [Fact]
    public async Task ReadAsync_TimeWindow_SinceInclusiveUntilExclusive()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([Record("a:0", T0), Record("b:0", T0.AddMinutes(1)), Record("c:0", T0.AddMinutes(2))]);
        await log.WaitForStoreAsync();

        await using var reader = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter { Since = T0.AddMinutes(1), Until = T0.AddMinutes(2) });

        Assert.Equal(["b:0"], await IdsAsync(reader));
    }

    [Fact]
    public async Task ReadAsync_Feedback_JoinsLabelAndTimeAndLabelledOnlyKeepsThem()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([Record("a:0", T0), Record("b:0", T0.AddMinutes(1))]);
        await log.WaitForStoreAsync();
        _clock.UtcNow = T0.AddDays(1);
        await log.RecordFeedbackAsync([("b:0", "yes")]);

        await using var all = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter());
        await using var labelled = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter { LabelledOnly = true });

        var rows = await ToListAsync(all.ReadAsync());
        Assert.Null(rows[0].Label);
        Assert.Null(rows[0].LabelReceivedAt);
        Assert.Equal("yes", rows[1].Label);
        Assert.Equal(T0.AddDays(1), rows[1].LabelReceivedAt);
        Assert.Equal(["b:0"], await IdsAsync(labelled));
    }

    [Fact]
    public async Task ReadAsync_AppendsAfterTheFirstRead_NotSeenBySecondReadOfTheSameReader()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([Record("a:0", T0)]);
        await log.WaitForStoreAsync();
        await using var reader = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter());

        var first = await IdsAsync(reader);
        await log.AppendAsync([Record("b:0", T0.AddMinutes(1))]);
        await log.WaitForStoreAsync();
        var second = await IdsAsync(reader);
        await using var fresh = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter());

        Assert.Equal(["a:0"], first);
        Assert.Equal(first, second);
        Assert.Equal(["a:0", "b:0"], await IdsAsync(fresh));
    }

    [Fact]
    public async Task ReadAsync_RowsWithAndWithoutInputColumns_ReadsEveryRowsInputsAsAnObject()
    {
        using var store = await MetadataStore.OpenAsync(_path, _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([Record("a:0", T0)]);
        var batch = new InferenceRecordBatch();
        var columns = new InferenceInputColumns(["x", "y"]);
        for (var r = 0; r < 2; r++)
        {
            batch.Add(new InferenceRequest("b", null, "m", "1", 10, T0.AddMinutes(1)), r, columns, r,
                static (w, r) => { w.WriteStartArray(); w.WriteNumberValue(r); w.WriteStringValue("v"); w.WriteEndArray(); }, static (w, _) => w.WriteNumberValue(2.5));
        }
        await log.AppendAsync(batch);
        await log.AppendAsync([Record("c:0", T0.AddMinutes(2))]);
        await log.WaitForStoreAsync();

        await using var reader = await InferenceLogReader.OpenAsync(store, new InferenceLogFilter());

        Assert.Equal(["""{"x":1}""", """{"x":0,"y":"v"}""", """{"x":1,"y":"v"}""", """{"x":1}"""],
            (await ToListAsync(reader.ReadAsync())).Select(r => r.Record.InputsJson));
    }

    private static InferenceRecord Record(string predictionId, DateTimeOffset time) =>
        new(predictionId, predictionId.Split(':')[0], null, "m", "1", int.Parse(predictionId.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture),
            """{"x":1}""", "2.5", 10, time);

    private static async Task<string[]> IdsAsync(InferenceLogReader reader) =>
        (await ToListAsync(reader.ReadAsync())).Select(r => r.Record.PredictionId).ToArray();

    private static async Task<List<LabelledPrediction>> ToListAsync(IAsyncEnumerable<LabelledPrediction> rows)
    {
        var list = new List<LabelledPrediction>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }
        return list;
    }
}
