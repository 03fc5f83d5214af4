using Keel.Data;
using Keel.Learning;
using Keel.Learning.Training;
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

    [Fact]
    public async Task HoldoutThenTraining_ALabelArrivingInBetween_NeverPutsAHoldoutRowIntoTraining()
    {
        using var store = await MetadataStore.OpenAsync(_temp.Combine("keel.db"), _clock);
        await using var log = await InferenceLog.OpenAsync(store);
        await log.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Record($"p{i}:0", T0.AddHours(i), $$"""{"x": {{i}}, "city": "Porto", "member": true}""") with { Deployment = "churn" })]);
        await log.RecordFeedbackAsync([.. Enumerable.Range(0, 9).Select(i => ($"p{i}:0", "yes"))]);
        var policy = RetrainingPolicyFile.Parse("deployment: churn\npipeline: p.yaml\ntriggers: [{type: labels, new: 1}]\ndata: {holdout: 0.2}\n", "r.yaml");
        var champion = Model(Schema);
        var now = T0.AddDays(1);

        var holdout = await LabelledTraffic.HoldoutAsync(store, policy, champion, now);
        await log.RecordFeedbackAsync([("p9:0", "no")]); // the newest prediction's label arrives after the holdout was read
        var path = _temp.Combine("train.csv");
        var written = await LabelledTraffic.WriteTrainingRowsAsync(store, policy, now, holdout.From, "y", null, path);

        Assert.Equal([7.0, 8.0], ((NumericColumn)holdout.Rows["x"]).Values); // the newest 20% of the 9 then labelled: 2 rows
        Assert.Equal(T0.AddHours(7), holdout.From);
        Assert.Equal(7, written); // p0..p6 (keeping out "the newest 20%" of the 10 now labelled would train on p7, a holdout row)
        var lines = File.ReadAllLines(path);
        Assert.Equal(["x", "city", "member", "y"], lines[0].Split(','));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    // A model whose input schema is the test's: logistic regression on 40 rows of it.
    private static Model Model(Schema schema)
    {
        var rows = Enumerable.Range(0, 40).ToArray();
        var frame = new Frame(schema, [
            TestFrames.Numeric("x", [.. rows.Select(r => (double)r)]),
            TestFrames.Categorical("city", [.. rows.Select(r => r % 2 == 0 ? "Porto" : "Braga")]),
            TestFrames.Booleans("member", [.. rows.Select(r => (bool?)(r % 3 == 0))]),
            TestFrames.Categorical("y", [.. rows.Select(r => r % 5 < 2 ? "yes" : "no")])], rows.Length);
        return ModelTrainer.Train(frame, null,
            new TrainingOptions { Algorithm = "logistic", Label = "y", Task = LearningTask.Binary, Parameters = new Dictionary<string, string>() },
            null, new ModelLineage("labelled-traffic-tests", null, null, DateTimeOffset.UnixEpoch)).Model;
    }

    private static InferenceRecord Record(string id, DateTimeOffset at, string inputs) =>
        new(id, id.Split(':')[0], null, "churn", "1", 0, inputs, """{"prediction": "no"}""", 100, at);
}
