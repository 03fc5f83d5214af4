using System.CommandLine;
using System.Globalization;
using Keel.Registry;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs compare RUN RUN [RUN...]</c>: parameters and metrics side by side.</summary>
internal static class RunsCompareCommand
{
    public static Command Create(CliContext context)
    {
        var runs = new Argument<string[]>("runs") { Description = "Two or more run numbers", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var command = new Command("compare", """
            Compare runs side by side, one column per run: the union of their parameters and metrics. Rows whose values
            differ are marked ≠ (and highlighted); in each metric row that differs the best value is marked ★ (higher
            is better, except for losses and errors: log_loss, rmse, mae, mape, *_loss).

            Examples:
              keel runs compare 11 12
              keel runs compare 10 11 12 --json | jq '.metrics[] | select(.differs)'
            """) { runs, json };
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(runs)!;
            if (given.Length < 2)
            {
                throw new UserException("compare needs at least two runs, e.g. `keel runs compare 3 4`; `keel runs list` shows the runs");
            }
            using var session = await RunSession.OpenAsync(context, ct);
            var records = new List<RunRecord>();
            foreach (var text in given)
            {
                var record = await session.RequireRunAsync(text, ct);
                if (records.Exists(r => r.Id == record.Id))
                {
                    throw new UserException($"run {record.Id} is named twice; name each run once");
                }
                records.Add(record);
            }
            var comparison = await RunComparison.LoadAsync(session.Runs, records, ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(ToJson(comparison));
            }
            else
            {
                Print(context.Terminal.Out, comparison);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static object ToJson(RunComparison comparison) => new
    {
        runs = comparison.Runs.Select(r => RunFormat.Json(r)),
        parameters = comparison.Parameters.Select(p => new { name = p.Name, values = p.Values, differs = p.Differs }),
        metrics = comparison.Metrics.Select(m => new
        {
            name = m.Name,
            values = m.Values,
            differs = m.Differs,
            higher_is_better = m.HigherIsBetter,
            best = m.Best.Select(i => comparison.Runs[i].Id),
        }),
    };

    private static void Print(IAnsiConsole console, RunComparison comparison)
    {
        var columns = comparison.Runs.Select(r => "run " + r.Id.ToString(CultureInfo.InvariantCulture)).ToArray();
        var header = NewTable("runs", columns);
        header.AddRow(["pipeline", .. comparison.Runs.Select(r => Markup.Escape(r.Pipeline))]);
        header.AddRow(["status", .. comparison.Runs.Select(r => RunFormat.Markup(r.Status))]);
        header.AddRow(["trigger", .. comparison.Runs.Select(r => Markup.Escape(r.Trigger.ToString()))]);
        header.AddRow(["started (UTC)", .. comparison.Runs.Select(r => RunFormat.Time(r.StartedAt))]);
        header.AddRow(["duration", .. comparison.Runs.Select(r => RunFormat.Duration(r.Duration))]);
        console.Write(header);

        if (comparison.Parameters.Count > 0)
        {
            var parameters = NewTable("parameters", columns);
            foreach (var row in comparison.Parameters)
            {
                parameters.AddRow([RowName(row.Name, row.Differs), .. row.Values.Select(v => Cell(v is null ? null : Markup.Escape(v), row.Differs, best: false))]);
            }
            console.Write(parameters);
        }
        if (comparison.Metrics.Count > 0)
        {
            var metrics = NewTable("metrics", columns);
            foreach (var row in comparison.Metrics)
            {
                metrics.AddRow([RowName(row.Name, row.Differs),
                    .. row.Values.Select((v, i) => Cell(v is { } x ? RunFormat.Number(x) : null, row.Differs, row.Best.Contains(i)))]);
            }
            console.Write(metrics);
        }
    }

    private static Table NewTable(string title, string[] columns) =>
        new Table().Border(TableBorder.Rounded).Title(title).AddColumn("").AddColumns(columns);

    private static string RowName(string name, bool differs) => differs ? $"[bold yellow]{Markup.Escape(name)} ≠[/]" : Markup.Escape(name);

    private static string Cell(string? escaped, bool differs, bool best) => escaped switch
    {
        null => "[grey]—[/]",
        _ when best => $"[bold green]{escaped} ★[/]",
        _ when differs => $"[yellow]{escaped}[/]",
        _ => escaped,
    };
}
