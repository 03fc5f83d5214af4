using System.CommandLine;
using System.Globalization;
using Keel.Registry;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs list</c>: the newest runs with their status, trigger, timing and headline metrics.</summary>
internal static class RunsListCommand
{
    public static Command Create(CliContext context)
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only the runs of this pipeline (its 'name')" };
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first (default 20)", DefaultValueFactory = _ => 20 };
        var status = new Option<string?>("--status") { Description = "Only runs in this status: running, succeeded, failed or interrupted" };
        status.AcceptOnlyFromAmong(Enum.GetValues<RunStatus>().Select(RunFormat.Name).ToArray());
        var json = CommonOptions.Json();
        var command = new Command("list", """
            List the runs, newest first: number, pipeline, status, trigger, start time (UTC), duration and the
            headline metrics (auc and accuracy, or rmse and r2) when the run has them.

            Examples:
              keel runs list
              keel runs list --pipeline credit --status failed --limit 5
              keel runs list --json | jq '.[] | select(.metrics.auc > 0.8) | .id'
            """) { pipeline, limit, status, json };
        command.SetAction(async (result, ct) =>
        {
            var count = result.GetValue(limit);
            if (count <= 0)
            {
                throw new UserException($"--limit must be at least 1, got {count}");
            }
            RunStatus? only = result.GetValue(status) is { } text ? Enum.Parse<RunStatus>(text, ignoreCase: true) : null;
            using var session = await RunSession.OpenAsync(context, ct);
            var runs = await session.Runs.ListAsync(result.GetValue(pipeline), only, count, ct);
            var metrics = new Dictionary<long, IReadOnlyDictionary<string, double>>();
            foreach (var run in runs)
            {
                metrics[run.Id] = await session.Runs.GetMetricsAsync(run.Id, ct);
            }

            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(runs.Select(r => RunFormat.Json(r, metrics[r.Id])));
                return ExitCodes.Ok;
            }
            if (runs.Count == 0)
            {
                context.Terminal.Stdout.WriteLine(only is null && result.GetValue(pipeline) is null
                    ? "No runs yet: start one with `keel pipeline run FILE`."
                    : "No runs match.");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("run", "pipeline", "status", "trigger", "started (UTC)", "duration", "metrics");
            foreach (var r in runs)
            {
                table.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Pipeline), RunFormat.Markup(r.Status),
                    Markup.Escape(r.Trigger.ToString()), RunFormat.Time(r.StartedAt), RunFormat.Duration(r.Duration),
                    Markup.Escape(RunFormat.MainMetrics(metrics[r.Id])));
            }
            context.Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
