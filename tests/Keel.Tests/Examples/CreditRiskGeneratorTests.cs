using System.Text;
using Keel.Data;
using Keel.Examples;
using Keel.Learning;
using Keel.Learning.Metrics;
using Keel.Learning.Training;

namespace Keel.Tests.Examples;

public sealed class CreditRiskGeneratorTests
{
    // Frames are generated once per option set: 20,000 rows keep the sampling error of the shares near ±0.5%.
    private static readonly Lazy<Frame> s_stationary = new(() => new CreditRiskGenerator(new CreditRiskOptions { Rows = 20_000 }).ToFrame());
    private static readonly Lazy<Frame> s_drifting = new(() => new CreditRiskGenerator(new CreditRiskOptions { Rows = 20_000, Drift = 1 }).ToFrame());

    private static string Csv(CreditRiskOptions options)
    {
        using var writer = new StringWriter();
        new CreditRiskGenerator(options).Write(writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_SameSeed_ByteIdenticalOutput()
    {
        var options = new CreditRiskOptions { Rows = 3_000, Seed = 7, Drift = 0.5 };

        Assert.Equal(Csv(options), Csv(options));
    }

    [Fact]
    public void Write_DifferentSeed_DifferentOutput()
    {
        var a = Csv(new CreditRiskOptions { Rows = 500, Seed = 1 });
        var b = Csv(new CreditRiskOptions { Rows = 500, Seed = 2 });

        Assert.NotEqual(a, b);
        Assert.Equal(a.Split('\n')[0], b.Split('\n')[0]); // same header
    }

    [Fact]
    public void Write_FiveThousandRows_HeaderPlusRowsWithOnePercentExactDuplicates()
    {
        var summary = new CreditRiskGenerator(new CreditRiskOptions { Rows = 5_000 }).Write(new StringWriter());
        var lines = Csv(new CreditRiskOptions { Rows = 5_000 }).Split('\n');

        Assert.Equal("", lines[^1]); // every record ends in LF
        var records = lines[1..^1];
        Assert.Equal(string.Join(',', CreditRiskGenerator.Columns), lines[0]);
        Assert.Equal(5_000, records.Length);
        Assert.Equal(5_000, summary.Rows);
        Assert.Equal(50, summary.Duplicates);
        Assert.Equal(4_950, records.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(4_950, records.Select(r => r[..r.IndexOf(',', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal(CreditRiskGenerator.Columns.Count - 1, r.Count(c => c == ',')));
        Assert.Equal(records.Count(r => r.EndsWith(",1", StringComparison.Ordinal)), summary.Positives);
    }

    [Fact]
    public void Write_DefaultOptions_PositivesShareBetweenFifteenAndTwentyPercent()
    {
        var summary = new CreditRiskGenerator(new CreditRiskOptions { Rows = 20_000 }).Write(new StringWriter());

        Assert.InRange(summary.PositivesShare, 0.15, 0.20);
    }

    [Fact]
    public void ToFrame_DefaultOptions_ColumnTypesAsKeelInfersThem()
    {
        var frame = s_stationary.Value;

        Assert.Equal(20_000, frame.RowCount);
        Assert.Equal(CreditRiskGenerator.Columns, frame.Schema.Columns.Select(c => c.Name));
        var types = frame.Schema.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(ColumnType.Text, types["application_id"]);
        Assert.Equal(ColumnType.Timestamp, types["applied_at"]);
        Assert.Equal(ColumnType.Text, types["email"]);
        foreach (var name in new[] { "home_ownership", "purpose", "region" })
        {
            Assert.Equal(ColumnType.Categorical, types[name]);
        }
        foreach (var name in new[] { "age", "income", "employment_years", "loan_amount", "loan_term_months", "interest_rate", "debt_to_income", "credit_history_months", "num_open_accounts", "num_delinquencies", "defaulted" })
        {
            Assert.Equal(ColumnType.Numeric, types[name]);
        }
    }

    [Theory]
    [InlineData("age", 0.02)]
    [InlineData("income", 0.05)]
    [InlineData("employment_years", 0.04)]
    [InlineData("debt_to_income", 0.01)]
    [InlineData("home_ownership", 0.03)]
    [InlineData("email", 0.01)]
    [InlineData("loan_amount", 0.0)]
    [InlineData("purpose", 0.0)]
    [InlineData("defaulted", 0.0)]
    public void ToFrame_MissingShare_AsDocumented(string column, double documented)
    {
        var frame = s_stationary.Value;
        var values = frame[column];

        var missing = Enumerable.Range(0, frame.RowCount).Count(values.IsMissing) / (double)frame.RowCount;

        Assert.InRange(missing, documented * 0.8, documented * 1.2);
    }

    [Fact]
    public void ToFrame_DefaultOptions_HoldsTheDocumentedMess()
    {
        var frame = s_stationary.Value;
        var income = ((NumericColumn)frame["income"]).Values;
        var age = ((NumericColumn)frame["age"]).Values;
        var home = (CategoricalColumn)frame["home_ownership"];
        var purpose = (CategoricalColumn)frame["purpose"];

        var typos = income.Count(v => v > 1_000_000);
        Assert.InRange(typos, 20, 60); // 0.2% of 20,000 = 40
        Assert.InRange(age.Count(v => v > 1900), 5, 40); // 0.1% = 20
        Assert.InRange(age.Where(v => !double.IsNaN(v) && v < 1900).Max(), 60, 80);
        Assert.Contains("RENT", home.Categories);
        Assert.Contains("rent", home.Categories);
        Assert.Equal(8, purpose.Categories.Count(c => c == c.ToLowerInvariant())); // 8 levels, no green_energy without drift
        Assert.Contains(purpose.Categories, c => c == c.ToUpperInvariant());
    }

    [Fact]
    public void ToFrame_AppliedAt_WithinSpanAndSortedExceptDuplicates()
    {
        var options = new CreditRiskOptions { Rows = 2_000, Start = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(-3)), Span = TimeSpan.FromDays(30) };
        var frame = new CreditRiskGenerator(options).ToFrame();
        var ticks = ((TimestampColumn)frame["applied_at"]).Ticks;

        Assert.All(ticks, t => Assert.InRange(t, options.Start.UtcTicks, options.Start.UtcTicks + options.Span.Ticks - 1));
        var descents = Enumerable.Range(1, ticks.Length - 1).Count(i => ticks[i] < ticks[i - 1]);
        Assert.InRange(descents, 1, CreditRiskGenerator.DuplicateCount(options.Rows));
        Assert.StartsWith("APP-0000001,2025-03-01T15:", Csv(options).Split('\n')[1], StringComparison.Ordinal); // written in UTC
    }

    [Fact]
    public void ToFrame_NoDrift_FirstAndLastTenthAlike()
    {
        var (first, last) = Tenths(s_stationary.Value);

        Assert.InRange(last.MedianIncome / first.MedianIncome, 0.95, 1.05);
        Assert.InRange(last.PositiveRate - first.PositiveRate, -0.03, 0.03);
        Assert.InRange(last.MeanDebtToIncome - first.MeanDebtToIncome, -0.01, 0.01);
        Assert.Equal(0, last.GreenEnergyShare);
    }

    [Fact]
    public void ToFrame_FullDrift_LastTenthPoorerMoreIndebtedAndDefaultsMore()
    {
        var (first, last) = Tenths(s_drifting.Value);

        Assert.InRange(last.MedianIncome / first.MedianIncome, 0.70, 0.85); // e^(-0.3·0.95..1) ≈ 0.75
        Assert.InRange(last.MeanDebtToIncome - first.MeanDebtToIncome, 0.07, 0.12); // +0.1·(0.95..1) plus the loan effect
        Assert.True(last.PositiveRate > first.PositiveRate + 0.08, $"positive rate {first.PositiveRate:F3} → {last.PositiveRate:F3}");
        Assert.InRange(last.GreenEnergyShare, 0.12, 0.22);
    }

    [Fact]
    public void ToFrame_TimeSplit_GbdtAucBetweenPointSevenTwoAndPointEightFive()
    {
        var frame = new CreditRiskGenerator(new CreditRiskOptions { Rows = 10_000 }).ToFrame();
        var train = FrameRows.Select(frame, Enumerable.Range(0, 8_000).ToArray());
        var test = FrameRows.Select(frame, Enumerable.Range(8_000, 2_000).ToArray());

        var result = ModelTrainer.Train(train, test, new TrainingOptions { Algorithm = "gbdt", Label = CreditRiskGenerator.Label }, null, new ModelLineage("credit", null, null, DateTimeOffset.UnixEpoch));

        Assert.InRange(result.ValidationMetrics!["auc"], 0.72, 0.85);
    }

    [Fact]
    public void Generate_TrueProbabilities_RankBetterThanAnyModelCould()
    {
        var rows = new CreditRiskGenerator(new CreditRiskOptions { Rows = 10_000 }).Generate();

        var auc = ClassificationMetrics.RocAuc(rows.Select(r => r.Defaulted ? 1 : 0).ToArray(), rows.Select(r => r.DefaultProbability).ToArray());

        Assert.InRange(auc, 0.80, 0.92); // the ceiling: above what the features allow, below 1 because labels are Bernoulli draws
    }

    [Theory]
    [InlineData(0, 0.0, 1.0, "Rows")]
    [InlineData(10, -0.1, 1.0, "Drift")]
    [InlineData(10, 1.1, 1.0, "Drift")]
    [InlineData(10, double.NaN, 1.0, "Drift")]
    [InlineData(10, 0.0, 0.5, "Span")]
    public void Constructor_OutOfRangeOption_ThrowsNamingIt(int rows, double drift, double spanSeconds, string option)
    {
        var options = new CreditRiskOptions { Rows = rows, Drift = drift, Span = TimeSpan.FromSeconds(spanSeconds) };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CreditRiskGenerator(options));

        Assert.Equal(option, ex.ParamName);
    }

    [Fact]
    public void Write_Path_Utf8WithoutByteOrderMark()
    {
        var path = Path.Combine(Path.GetTempPath(), $"credit-{Guid.NewGuid():N}.csv");
        try
        {
            new CreditRiskGenerator(new CreditRiskOptions { Rows = 10 }).Write(path);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'a', bytes[0]);
            Assert.Equal(Csv(new CreditRiskOptions { Rows = 10 }), Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record Tenth(double MedianIncome, double PositiveRate, double MeanDebtToIncome, double GreenEnergyShare);

    private static (Tenth First, Tenth Last) Tenths(Frame frame)
    {
        var n = frame.RowCount / 10;
        return (Summarise(frame, 0, n), Summarise(frame, frame.RowCount - n, n));
    }

    private static Tenth Summarise(Frame frame, int start, int count)
    {
        var rows = Enumerable.Range(start, count).ToArray();
        var income = ((NumericColumn)frame["income"]).Values;
        var dti = ((NumericColumn)frame["debt_to_income"]).Values;
        var label = ((NumericColumn)frame["defaulted"]).Values;
        var purpose = frame["purpose"];
        var incomes = rows.Select(r => income[r]).Where(v => !double.IsNaN(v)).Order().ToArray();
        return new Tenth(
            incomes[incomes.Length / 2],
            rows.Average(r => label[r]),
            rows.Where(r => !double.IsNaN(dti[r])).Average(r => dti[r]),
            rows.Count(r => purpose.Format(r) == CreditApplicationSampler.NewPurpose) / (double)count);
    }
}
