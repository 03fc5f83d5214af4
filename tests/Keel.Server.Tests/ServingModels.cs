using Keel.Data;
using Keel.Data.Profiles;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Tests.Support;

namespace Keel.Server.Tests;

/// <summary>
/// Small models trained in the test: a binary classifier on a numeric, a categorical (flagged pii), a boolean and an
/// id text column (pii), and a regression on the same inputs; plus the rows the tests score, built directly as a frame.
/// </summary>
internal static class ServingModels
{
    public static Schema TrainingSchema { get; } = new(
    [
        new ColumnSchema("x", ColumnType.Numeric),
        new ColumnSchema("city", ColumnType.Categorical) { Pii = true },
        new ColumnSchema("member", ColumnType.Boolean),
        new ColumnSchema("email", ColumnType.Text) { Role = ColumnRole.Id, Pii = true },
        new ColumnSchema("y", ColumnType.Categorical) { Role = ColumnRole.Label },
        new ColumnSchema("amount", ColumnType.Numeric) { Role = ColumnRole.Ignored },
    ]);

    public static Model Classifier { get; } = Train(LearningTask.Binary, "y");

    public static Model Regressor { get; } = Train(LearningTask.Regression, "amount");

    /// <summary>The classifier trained with its reference profile (and so its prediction profile): live monitoring watches it.</summary>
    public static Model Monitored { get; } = Train(LearningTask.Binary, "y", withProfile: true);

    /// <summary>The same classifier trained again under another lineage: another file, so another registered version.</summary>
    public static Model MonitoredRetrained { get; } = Train(LearningTask.Binary, "y", withProfile: true, source: "serving-tests-retrained");

    /// <summary>A classifier that also needs a column "z" the test requests never send: every request to it fails.</summary>
    public static Model NeedsZ { get; } = Train(LearningTask.Binary, "y", withZ: true);

    /// <summary>The rows the tests send: a known city, an unseen one (Braga) and a missing x.</summary>
    public static Frame Rows { get; } = TestFrames.Of(
        TestFrames.Numeric("x", 1.5, 8.25, double.NaN),
        TestFrames.Categorical("city", "Porto", "Braga", "Lisboa"),
        TestFrames.Booleans("member", true, false, true),
        TestFrames.Text("email", "alice@example.com", "bob@example.com", null));

    private static Model Train(LearningTask task, string label, bool withZ = false, bool withProfile = false, string source = "serving-tests")
    {
        var rng = new Random(7);
        const int n = 200;
        var x = new double[n];
        var city = new string?[n];
        var member = new bool?[n];
        var email = new string?[n];
        var y = new string?[n];
        var amount = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() * 10;
            city[i] = (i % 3) switch { 0 => "Porto", 1 => "Lisboa", _ => "Faro" };
            member[i] = i % 2 == 0;
            email[i] = $"user{i}@example.com";
            var score = x[i] + (city[i] == "Porto" ? 3 : 0) + (member[i] == true ? 1 : 0) + rng.NextDouble();
            y[i] = score > 7 ? "yes" : "no";
            amount[i] = (2 * x[i]) + (city[i] == "Porto" ? 5 : 0) + rng.NextDouble();
        }
        var columns = new Column[]
        {
            TestFrames.Numeric("x", x), TestFrames.Categorical("city", city), TestFrames.Booleans("member", member),
            TestFrames.Text("email", email), TestFrames.Categorical("y", y), TestFrames.Numeric("amount", amount),
        };
        var schemaColumns = TrainingSchema.Columns.Select(c => c.Name == label ? c with { Role = ColumnRole.Label }
            : c.Role == ColumnRole.Label ? c with { Role = ColumnRole.Ignored } : c).ToList();
        if (withZ)
        {
            schemaColumns.Add(new ColumnSchema("z", ColumnType.Numeric));
            columns = [.. columns, TestFrames.Numeric("z", x.Select(v => v * 2).ToArray())];
        }
        var frame = new Frame(new Schema(schemaColumns), columns, n);
        var options = new TrainingOptions
        {
            Algorithm = "gbdt",
            Label = label,
            Task = task,
            Parameters = new Dictionary<string, string>(),
        };
        DatasetProfile? reference = null;
        if (withProfile)
        {
            var builder = new ProfileBuilder(frame.Schema, ProfileOptions.Reference);
            builder.Add(frame);
            reference = builder.Build();
        }
        return ModelTrainer.Train(frame, null, options, reference, new ModelLineage(source, null, null, DateTimeOffset.UnixEpoch)).Model;
    }
}
