using System.CommandLine;
using System.Globalization;
using Keel.Examples;

namespace Keel.Cli.Commands;

/// <summary><c>keel example credit-risk --out FILE</c>: writes the synthetic credit-application dataset (<see cref="CreditRiskGenerator"/>).</summary>
internal static class ExampleCreditRiskCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new CreditRiskOptions();
        var output = new Option<string>("--out") { Description = "Where to write the CSV (its directory is created)", Required = true };
        var rows = new Option<int>("--rows") { Description = $"Rows to write, exact duplicates included (default {defaults.Rows})", DefaultValueFactory = _ => defaults.Rows };
        var seed = new Option<int>("--seed") { Description = $"Seed; the same options write the same bytes (default {defaults.Seed})", DefaultValueFactory = _ => defaults.Seed };
        var start = new Option<string?>("--start") { Description = "Earliest applied_at, ISO 8601 (default 2026-01-01T00:00:00Z; no offset means UTC)" };
        var days = new Option<int>("--days") { Description = $"Days the applications are spread over (default {defaults.Span.Days})", DefaultValueFactory = _ => defaults.Span.Days };
        var drift = new Option<double>("--drift") { Description = "How much the population and the label relationship shift from start to end, 0 (stationary, default) to 1", DefaultValueFactory = _ => defaults.Drift };
        var json = CommonOptions.Json();
        var command = new Command("credit-risk", """
            Write a synthetic credit-application CSV: 17 columns (id, applied_at timestamp, numeric, count and
            categorical features, a PII-like email, and the 0/1 label 'defaulted', about 16% positives) with
            realistic mess: ~1% exact duplicate rows, missing values in several columns, income typos (x1000),
            ages entered as birth years and inconsistent category casing. Rows are spread over --days from --start
            and sorted by applied_at; --drift makes incomes fall, debt rise, a new purpose appear and the label
            relationship change over time.

            Examples:
              keel example credit-risk --out data/credit.csv
              keel example credit-risk --out credit.csv --rows 50000 --seed 7 --json
              keel example credit-risk --out drifting.csv --start 2025-06-01T00:00:00Z --days 180 --drift 0.8
            """) { output, rows, seed, start, days, drift, json };
        command.SetAction(result =>
        {
            var options = Bind(result, defaults, rows, seed, start, days, drift);
            var path = context.FullPath(result.GetValue(output)!);
            if (path == "-")
            {
                throw new UserException("--out must be a file path ('-' is not supported)");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var summary = new CreditRiskGenerator(options).Write(path);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new
                {
                    path,
                    rows = summary.Rows,
                    columns = CreditRiskGenerator.Columns.Count,
                    duplicates = summary.Duplicates,
                    positives_share = summary.PositivesShare,
                });
            }
            else
            {
                context.Terminal.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {summary.Rows:N0} rows x {CreditRiskGenerator.Columns.Count} columns to {path} ({summary.Duplicates:N0} exact duplicates, {summary.PositivesShare:P1} defaulted)"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static CreditRiskOptions Bind(ParseResult result, CreditRiskOptions defaults, Option<int> rows, Option<int> seed, Option<string?> start, Option<int> days, Option<double> drift)
    {
        var options = defaults with { Rows = result.GetValue(rows), Seed = result.GetValue(seed), Drift = result.GetValue(drift) };
        if (options.Rows < 1)
        {
            throw new UserException($"--rows must be at least 1, got {options.Rows}");
        }
        if (!(options.Drift is >= 0 and <= 1))
        {
            throw new UserException(string.Create(CultureInfo.InvariantCulture, $"--drift must be between 0 and 1, got {options.Drift}"));
        }
        var dayCount = result.GetValue(days);
        if (dayCount < 1)
        {
            throw new UserException($"--days must be at least 1, got {dayCount}");
        }
        options = options with { Span = TimeSpan.FromDays(dayCount) };
        if (result.GetValue(start) is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                throw new UserException($"--start must be an ISO 8601 time such as 2026-01-01T00:00:00Z, got '{text}'");
            }
            options = options with { Start = at };
        }
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException)
        {
            // Rows and drift were checked above with the option names; what is left is Start + Span overflowing.
            throw new UserException($"--start plus --days ({dayCount}) is past the year 9999");
        }
        return options;
    }
}
