using Keel.Data;
using Keel.Retraining;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Retraining;

public sealed class LabelledTrafficTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly Schema Schema = new([
        new ColumnSchema("x", ColumnType.Numeric), new ColumnSchema("city", ColumnType.Categorical),
        new ColumnSchema("member", ColumnType.Boolean), new ColumnSchema("y", ColumnType.Categorical) { Role = ColumnRole.Label }]);

    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task ReadAsync_LabelledPredictionsInTheWindow_TypedByTheSchemaWithTheFeedbackLabel()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([
            Record("a:0", T0, """{"x": 1.5, "city": "Porto", "member": true, "email": "h1"}"""),
            Record("b:0", T0.AddHours(1), """{"x": null, "city": "Braga", "member": false}"""),
            Record("c:0", T0.AddHours(2), """{"x": 1e-3, "member": true}"""),
            Record("d:0", T0.AddHours(3), """{"x": 7, "city": "Faro", "member": true}"""),
        ]);
        await log.RecordFeedbackAsync([("a:0", "yes"), ("b:0", "no"), ("c:0", "no")]);

        var (frame, unfit) = await LabelledTraffic.ReadAsync(store, new InferenceLogFilter { Since = T0.AddMinutes(30) }, Schema, "y");

        Assert.Equal((2, 0L), (frame.RowCount, unfit));
        Assert.Equal([double.NaN, 0.001], ((NumericColumn)frame["x"]).Values);
        Assert.Equal(["Braga", null], Enumerable.Range(0, 2).Select(frame["city"].Format));
        Assert.Equal(["false", "true"], Enumerable.Range(0, 2).Select(frame["member"].Format));
        Assert.Equal(["no", "no"], Enumerable.Range(0, 2).Select(frame["y"].Format));
    }

    [Fact]
    public async Task ReadAsync_LabelOfTheWrongKind_IsMissingAndCounted()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([Record("a:0", T0, """{"x": 2}"""), Record("b:0", T0, """{"x": 3}""")]);
        await log.RecordFeedbackAsync([("a:0", "12.5"), ("b:0", "twelve")]);
        var numericLabel = new Schema([new ColumnSchema("x", ColumnType.Numeric), new ColumnSchema("amount", ColumnType.Numeric)]);

        var (frame, unfit) = await LabelledTraffic.ReadAsync(store, new InferenceLogFilter(), numericLabel, "amount");

        Assert.Equal(1, unfit);
        Assert.Equal([12.5, double.NaN], ((NumericColumn)frame["amount"]).Values);
        Assert.Throws<ArgumentException>(() => LabelledTraffic.ReadAsync(store, new InferenceLogFilter(), numericLabel, "y").GetAwaiter().GetResult());
    }

    private static InferenceRecord Record(string id, DateTimeOffset at, string inputs) =>
        new(id, id.Split(':')[0], null, "churn", "1", 0, inputs, """{"prediction": "no"}""", 100, at);
}
