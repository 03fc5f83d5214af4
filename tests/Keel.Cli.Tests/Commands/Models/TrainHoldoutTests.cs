using System.Globalization;
using System.Text;
using Keel.Cli.Commands;
using Keel.Cli.Tests.Support;
using Keel.Data;
using Keel.Learning;
using Keel.Learning.Predictors;
using Keel.Tests.Support;

namespace Keel.Cli.Tests.Commands.Models;

/// <summary><c>keel train --holdout FRACTION [--split random|stratified|time] [--time-column COL]</c>.</summary>
public sealed class TrainHoldoutTests : IDisposable
{
    private const int Rows = 400;

    // Rows 0, 41, ..., 369 have no label: 390 labelled rows.
    private const int Labelled = 390;

    private readonly KeelRunner _keel = new();

    public TrainHoldoutTests() => WriteData();

    public void Dispose() => _keel.Dispose();

    /// <summary>
    /// y = 1 when x + (city == "Porto" ? 3 : 0) &gt; 5 (some labels missing); price = 10x + noise; at = a timestamp
    /// and step a number, both running backwards through the file so that time order is not row order; gap is a
    /// number missing on rows 7, 57, ...
    /// </summary>
    private void WriteData()
    {
        var rng = new Random(3);
        var sb = new StringBuilder("id,x,city,at,step,gap,price,y\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Rows; i++)
        {
            var x = rng.NextDouble() * 10;
            var city = rng.Next(3) switch { 0 => "Porto", 1 => "Lisboa", _ => "Faro" };
            var y = x + (city == "Porto" ? 3 : 0) > 5 ? 1 : 0;
            var at = start.AddHours(Rows - i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var step = (Rows - i - 200) * 0.5;
            var price = (10 * x) + rng.NextDouble();
            var yText = i % 41 == 0 ? "" : y.ToString(CultureInfo.InvariantCulture);
            var gap = i % 50 == 7 ? "" : "1";
            sb.Append(CultureInfo.InvariantCulture, $"r{i},{x:0.###},{city},{at},{step},{gap},{price:0.###},{yText}\n");
        }
        _keel.WriteFile("train.csv", sb.ToString());
    }

    private Task<CliResult> Train(params string[] extra) =>
        _keel.RunAsync(["train", "--data", "train.csv", "--out", "m.keel", "--json", .. extra]);

    [Fact]
    public async Task Train_HoldoutClassification_StratifiedByDefaultMeasuredAndRecordedInLineage()
    {
        var result = await Train("--label", "y", "--algorithm", "logistic", "--holdout", "0.25", "--param", "seed=4");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var holdout = json.GetProperty("holdout");
        Assert.Equal(0.25, holdout.GetProperty("fraction").GetDouble());
        Assert.Equal("stratified", holdout.GetProperty("split").GetString());
        Assert.Equal(98, holdout.GetProperty("rows").GetInt32()); // ⌈0.25 · 390⌉
        Assert.Equal(Labelled - 98, json.GetProperty("rows").GetInt32());
        Assert.Equal(Rows - Labelled, json.GetProperty("unlabelled_rows").GetInt32());
        Assert.InRange(json.GetProperty("validation_metrics").GetProperty("auc").GetDouble(), 0.9, 1.0);
        Assert.Equal("", result.Stderr);

        var lineage = Model.Load(_keel.PathOf("m.keel")).Lineage;
        Assert.Equal(new HoldoutLineage(0.25, "stratified", 98, 4, null), lineage.Holdout);
        Assert.Null(lineage.ValidationData);
    }

    [Fact]
    public async Task Train_HoldoutSameSeed_SameSplitAndMetrics()
    {
        var first = await Train("--label", "y", "--algorithm", "logistic", "--holdout", "0.3", "--split", "random", "--param", "seed=9");
        var second = await Train("--label", "y", "--algorithm", "logistic", "--holdout", "0.3", "--split", "random", "--param", "seed=9");
        var other = await Train("--label", "y", "--algorithm", "logistic", "--holdout", "0.3", "--split", "random", "--param", "seed=10");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Json().GetProperty("validation_metrics").ToString(), second.Json().GetProperty("validation_metrics").ToString());
        Assert.NotEqual(first.Json().GetProperty("validation_metrics").ToString(), other.Json().GetProperty("validation_metrics").ToString());
    }

    [Fact]
    public async Task Train_HoldoutRegression_RandomByDefault()
    {
        var result = await Train("--label", "price", "--algorithm", "linear", "--holdout", "0.2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("random", json.GetProperty("holdout").GetProperty("split").GetString());
        Assert.Equal(80, json.GetProperty("holdout").GetProperty("rows").GetInt32());
        Assert.InRange(json.GetProperty("validation_metrics").GetProperty("r2").GetDouble(), 0.95, 1.0);
    }

    [Theory]
    [InlineData("at")]
    [InlineData("step")]
    public async Task Train_HoldoutTime_RecordsTheColumn(string column)
    {
        var result = await Train("--label", "y", "--algorithm", "gbdt", "--param", "rounds=10", "--holdout", "0.2", "--split", "time", "--time-column", column);

        Assert.True(result.ExitCode == 0, result.ToString());
        var holdout = result.Json().GetProperty("holdout");
        Assert.Equal("time", holdout.GetProperty("split").GetString());
        Assert.Equal(column, holdout.GetProperty("time_column").GetString());
        Assert.Equal(78, holdout.GetProperty("rows").GetInt32());
        Assert.Equal(column, Model.Load(_keel.PathOf("m.keel")).Lineage.Holdout!.TimeColumn);
    }

    [Fact]
    public async Task Train_HoldoutGbdt_DrivesEarlyStoppingAsValidDoes()
    {
        var result = await Train("--label", "y", "--algorithm", "gbdt", "--holdout", "0.25",
            "--param", "rounds=400", "--param", "learning_rate=0.5", "--param", "early_stopping=3");

        Assert.True(result.ExitCode == 0, result.ToString());
        // Without validation rows every round is kept (best round 400); early stopping after 3 idle rounds keeps at most 397.
        var model = ((GbdtPredictor)Model.Load(_keel.PathOf("m.keel")).Predictor).Model;
        Assert.InRange(model.History.BestRound, 1, 397);
    }

    [Fact]
    public async Task Train_HoldoutHumanOutput_SaysWhichSplitWasUsed()
    {
        var result = await _keel.RunAsync("train", "--data", "train.csv", "--label", "y", "--algorithm", "logistic", "--holdout", "0.25", "--out", "m.keel");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("validation: 98 rows held out (0.25 of the labelled rows, stratified split, seed 0)", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "--holdout", "0.2", "--valid", "train.csv" }, "--holdout and --valid both give validation rows")]
    [InlineData(new[] { "--holdout", "0" }, "--holdout must be a fraction in (0, 1)")]
    [InlineData(new[] { "--holdout", "1" }, "--holdout must be a fraction in (0, 1)")]
    [InlineData(new[] { "--holdout", "1.5" }, "--holdout must be a fraction in (0, 1)")]
    [InlineData(new[] { "--split", "random" }, "--split applies only with --holdout")]
    [InlineData(new[] { "--time-column", "at" }, "--time-column applies only with --holdout")]
    [InlineData(new[] { "--holdout", "0.2", "--split", "time" }, "--split time needs --time-column COL")]
    [InlineData(new[] { "--holdout", "0.2", "--split", "random", "--time-column", "at" }, "--time-column applies only to --split time")]
    [InlineData(new[] { "--holdout", "0.2", "--time-column", "when" }, "--time-column 'when' is not in the data; expected a timestamp or numeric column")]
    [InlineData(new[] { "--holdout", "0.2", "--time-column", "city" }, "--time-column 'city' is categorical; expected a timestamp or numeric column")]
    [InlineData(new[] { "--holdout", "0.2", "--time-column", "gap" }, "--time-column 'gap' has no value in 8 labelled rows")]
    public async Task Train_BadHoldout_ExitsTwoWithMessage(string[] args, string expected)
    {
        var result = await Train(["--label", "y", "--algorithm", "logistic", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Train_StratifiedHoldoutOnRegressionLabel_ExitsTwo()
    {
        var result = await Train("--label", "price", "--algorithm", "linear", "--holdout", "0.2", "--split", "stratified");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a stratified split needs a class label; 'price' is a regression target", result.Stderr);
    }

    [Fact]
    public void Split_TimeOnNumericColumn_HoldsOutTheLatestLabelledRows()
    {
        // Negative and fractional times in no particular row order; the label is missing on row 1.
        double[] times = [-0.5, 3.25, -2, 3.5, 0, 1.75, -0.25, 2];
        var frame = TestFrames.Of(TestFrames.Numeric("t", times), TestFrames.Numeric("y", 0, double.NaN, 1, 0, 1, 0, 1, 0));
        var label = LabelEncoder.Fit(frame, "y", LearningTask.Binary);

        var split = TrainHoldout.Split(frame, label, new TrainHoldout.Request(0.3, "time", "t"), seed: 0);

        // 7 labelled rows, ⌈0.3 · 7⌉ = 3 held out: the latest labelled times 3.5, 2 and 1.75 (3.25 has no label).
        Assert.Equal([3.5, 1.75, 2], ((NumericColumn)split.Validation["t"]).Values);
        Assert.Equal([-0.5, -2, 0, -0.25], ((NumericColumn)split.Train["t"]).Values);
        Assert.Equal(1, split.UnlabelledRows);
        Assert.Equal(new HoldoutLineage(0.3, "time", 3, 0, "t"), split.Lineage);
    }
}
