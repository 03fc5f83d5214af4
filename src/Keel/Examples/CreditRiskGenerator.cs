using System.Text;
using Keel.Data;
using Keel.Data.Reading;

namespace Keel.Examples;

/// <summary>
/// Generates a synthetic, deliberately messy credit-application dataset with a timestamp, a binary label and
/// optional drift: the data behind the credit-risk example project and <c>keel quickstart</c>.
/// </summary>
/// <remarks>
/// <para><b>Columns</b> (in order): <c>application_id</c> (text, <c>APP-0000001</c>, unique except for the duplicates),
/// <c>applied_at</c> (ISO 8601 UTC, seconds), <c>age</c> (int, 18–80), <c>income</c> (annual, lognormal, median ≈ 48,000,
/// rounded to 10), <c>employment_years</c> (one decimal), <c>loan_amount</c> (1,000–150,000, rounded to 100),
/// <c>loan_term_months</c> (12, 24, 36 or 60), <c>interest_rate</c> (percent, 4–32), <c>debt_to_income</c> (ratio, 0.01–1.2),
/// <c>credit_history_months</c>, <c>num_open_accounts</c>, <c>num_delinquencies</c> (counts), <c>home_ownership</c>
/// (rent, mortgage, own, other), <c>purpose</c> (8 levels, plus <c>green_energy</c> with drift), <c>region</c>
/// (13 Brazilian states), <c>email</c> (PII-like, on the reserved example.com/.org/.net domains) and
/// <c>defaulted</c> (label, 0/1, about 16% positives at no drift, 23% over the span at drift 1).</para>
/// <para><b>Label</b>: drawn from a logistic model of the true values (debt-to-income, income, delinquencies, age, housing,
/// term, loan-to-income, purpose, region) plus a hidden creditworthiness that the rate and delinquencies only partly
/// reveal and logit noise; gradient-boosted trees reach an AUC of about 0.75–0.85 on it.</para>
/// <para><b>Mess</b>, each drawn independently per unique application:
/// about 1% of rows (<see cref="DuplicateShare"/>) are exact duplicates of an earlier row, placed up to 20 rows after it;
/// missing (empty field): <c>age</c> 2%, <c>income</c> 5%, <c>employment_years</c> 4%, <c>debt_to_income</c> 1%,
/// <c>home_ownership</c> 3%, <c>email</c> 1%; outliers: <c>income</c> typed ×1000 in 0.2% of rows, <c>age</c> entered as a birth
/// year (e.g. 1987) in 0.1%; inconsistent casing: <c>home_ownership</c> upper-cased (<c>RENT</c>) in 2% and <c>purpose</c>
/// upper-cased in 1%. The label is computed before the mess, from the true values.</para>
/// <para><b>Time and drift</b>: <c>applied_at</c> is uniform over [<see cref="CreditRiskOptions.Start"/>,
/// Start + <see cref="CreditRiskOptions.Span"/>) and rows are sorted by it, except that duplicates sit a few rows late.
/// With <see cref="CreditRiskOptions.Drift"/> d, a row at fraction t of the span is shifted by d·t: incomes fall
/// (median ×e^(−0.3·d·t)), loans grow (×(1 + 0.15·d·t)), rates rise (+1.5·d·t points), debt-to-income rises (+0.1·d·t),
/// the new purpose <c>green_energy</c> reaches 18% at d·t = 1, and the label relationship moves (concept drift:
/// debt-to-income weighs 75% more, income less than a third as much, the base logit +0.25, and <c>green_energy</c> loans,
/// which no model trained before the drift has seen, carry +1.2 on the logit).</para>
/// <para><b>Output</b>: CSV, UTF-8 without a byte order mark, header first, LF line ends, invariant culture; no field
/// ever holds a delimiter, quote or line break, so no field is quoted. The same options give byte-identical output.</para>
/// </remarks>
public sealed class CreditRiskGenerator
{
    /// <summary>The share of written rows that are exact duplicates of another row (rounded down).</summary>
    public const double DuplicateShare = 0.01;

    /// <summary>The column names, in file order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "application_id", "applied_at", "age", "income", "employment_years", "loan_amount", "loan_term_months",
        "interest_rate", "debt_to_income", "credit_history_months", "num_open_accounts", "num_delinquencies",
        "home_ownership", "purpose", "region", "email", "defaulted",
    ];

    /// <summary>The label column.</summary>
    public const string Label = "defaulted";

    /// <summary>The timestamp column.</summary>
    public const string Timestamp = "applied_at";

    /// <summary>Creates a generator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="CreditRiskOptions.Validate"/>).</exception>
    public CreditRiskGenerator(CreditRiskOptions options)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>The options in effect.</summary>
    public CreditRiskOptions Options { get; }

    /// <summary>Writes the CSV to <paramref name="writer"/> (which the caller owns and flushes). Memory: O(rows).</summary>
    public CreditRiskSummary Write(TextWriter writer)
    {
        var rows = Generate();
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        var line = new StringBuilder(192);
        var positives = 0;
        foreach (var row in rows)
        {
            line.Clear();
            CreditRiskCsv.AppendRow(line, row);
            writer.Write(line);
            writer.Write('\n');
            positives += row.Defaulted ? 1 : 0;
        }
        return new CreditRiskSummary(rows.Count, DuplicateCount(Options.Rows), positives);
    }

    /// <summary>Writes the CSV to the file at <paramref name="path"/>, replacing it; the directory must exist.</summary>
    public CreditRiskSummary Write(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return Write(writer);
    }

    /// <summary>The data as one frame, typed exactly as Keel's CSV reader infers them from the written file.</summary>
    public Frame ToFrame()
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        {
            Write(writer);
        }
        buffer.Position = 0;
        using var reader = new CsvReader(buffer, "credit-risk", new ReadOptions());
        return FrameConcat.Concat(reader.Schema, reader.ReadChunks());
    }

    /// <summary>The duplicates among <paramref name="rows"/> written rows.</summary>
    public static int DuplicateCount(int rows) => (int)(rows * DuplicateShare);

    /// <summary>The rows in file order, duplicates included.</summary>
    internal List<CreditApplication> Generate()
    {
        var rng = new SplitMix64(Options.Seed);
        var unique = Options.Rows - DuplicateCount(Options.Rows);
        var spanTicks = Options.Span.Ticks;
        var offsets = new long[unique];
        for (var i = 0; i < unique; i++)
        {
            // Whole seconds, so the text round-trips exactly.
            offsets[i] = (long)(rng.NextDouble() * spanTicks) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
        }
        Array.Sort(offsets);
        var applications = new CreditApplication[unique];
        for (var i = 0; i < unique; i++)
        {
            var shift = Options.Drift * offsets[i] / spanTicks;
            var application = CreditApplicationSampler.Sample(rng, i, Options.Start.ToUniversalTime().AddTicks(offsets[i]), shift);
            CreditRiskMess.Apply(rng, application);
            applications[i] = application;
        }
        return WithDuplicates(rng, applications, Options.Rows - unique);
    }

    /// <summary>Adds <paramref name="count"/> exact copies of distinct rows, each 0–19 rows after its original.</summary>
    private static List<CreditApplication> WithDuplicates(SplitMix64 rng, CreditApplication[] applications, int count)
    {
        var indices = new int[applications.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }
        var placed = new List<(double Key, int Source)>(applications.Length + count);
        for (var i = 0; i < applications.Length; i++)
        {
            placed.Add((i, i));
        }
        for (var d = 0; d < count; d++)
        {
            // Partial Fisher–Yates: the first `count` slots end up a uniform sample without repeats.
            var j = d + rng.NextInt(indices.Length - d);
            (indices[d], indices[j]) = (indices[j], indices[d]);
            var source = indices[d];
            placed.Add((source + rng.NextInt(20) + 0.5, source));
        }
        placed.Sort();
        var rows = new List<CreditApplication>(placed.Count);
        foreach (var (_, source) in placed)
        {
            rows.Add(applications[source]);
        }
        return rows;
    }
}
