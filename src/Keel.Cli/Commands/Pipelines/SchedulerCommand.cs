using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Keel.Pipelines;
using Keel.Storage;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel scheduler</c>: runs pipelines on their schedules and data triggers, in the foreground, until Ctrl-C.</summary>
internal static class SchedulerCommand
{
    // One JSON document per line (JSON Lines): the schedule first, then one per event, so a script can follow the stream.
    private static readonly JsonSerializerOptions JsonLines = new(Terminal.JsonOptions) { WriteIndented = false };

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("pipeline") { Description = "Pipeline files with a 'schedule' section", Arity = ArgumentArity.OneOrMore };
        var poll = new Option<string>("--poll") { Description = "How often data triggers look for new data (30s, 5m, 1h)", DefaultValueFactory = _ => "30s" };
        var json = new Option<bool>("--json") { Description = "Print JSON Lines on stdout: the schedule, then one object per fire, skip and run end" };
        var command = new Command("scheduler", """
            Run pipelines on their schedules and when new data arrives, in the foreground, until Ctrl-C.

            Prints each pipeline's schedule, then a line per fire, skip and run end. The first look at a
            data source only records what is there: data present at start-up starts no run.

            Examples:
              keel scheduler pipelines/credit.yaml
              keel scheduler pipelines/*.yaml --poll 1m --json
            """) { files, poll, json };
        command.SetAction(async (result, ct) =>
        {
            var pollText = result.GetValue(poll)!;
            if (!PipelineScheduler.TryParsePollInterval(pollText, out var interval))
            {
                throw new UserException($"--poll '{pollText}' is not a positive duration (write 30s, 5m or 1h)");
            }
            var pipelines = result.GetValue(files)!.Select(f => PipelineCommand.Load(context.FullPath(f))).ToList();
            var problems = pipelines.SelectMany(PipelineScheduler.Problems).ToList();
            if (problems.Count > 0)
            {
                throw new UserException(string.Join(Environment.NewLine, problems));
            }
            using var session = context.PipelineLauncher is null ? await PipelineSession.OpenAsync(context, ct) : null;
            var launcher = context.PipelineLauncher ?? session!;
            using var store = WatchesDatasets(pipelines) ? await MetadataStore.OpenAsync(context.OpenWorkspace(), context.Time, ct) : null;
            var asJson = result.GetValue(json);
            var scheduler = new PipelineScheduler(pipelines, context.Time, new SourceProbe(store is null ? null : new DatasetCatalog(store)),
                launcher.LaunchAsync, interval, e => Print(context.Terminal, e, asJson));
            PrintSchedule(context.Terminal, scheduler.Summaries(), interval, asJson);
            await scheduler.RunAsync(ct);
            if (!asJson)
            {
                context.Terminal.Stdout.WriteLine("scheduler stopped");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool WatchesDatasets(List<PipelineSpec> pipelines) =>
        pipelines.Any(p => p.Schedule is { OnNewData: true } && p.Source.Kind == SourceKind.Dataset);

    private static void PrintSchedule(Terminal terminal, IReadOnlyList<ScheduleSummary> summaries, TimeSpan poll, bool asJson)
    {
        if (asJson)
        {
            WriteLine(terminal, new
            {
                schedules = summaries.Select(s => new
                {
                    pipeline = s.Pipeline,
                    cron = s.Cron,
                    time_zone = s.TimeZone.Id,
                    next_fire = s.NextFire,
                    data_trigger = s.DataTrigger,
                    mode = s.Mode.ToString().ToLowerInvariant(),
                }),
                poll_seconds = poll.TotalSeconds,
            });
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("pipeline", "cron", "time zone", "next fire (UTC)", "data trigger", "mode");
        foreach (var s in summaries)
        {
            table.AddRow(
                Markup.Escape(s.Pipeline),
                Markup.Escape(s.Cron ?? "-"),
                Markup.Escape(s.TimeZone.Id),
                s.NextFire is { } next ? Time(next) : "-",
                Markup.Escape(s.DataTrigger ?? "-"),
                s.Cron is not null && s.DataTrigger is not null ? s.Mode.ToString().ToLowerInvariant() : "-");
        }
        terminal.Out.Write(table);
        if (summaries.Any(s => s.DataTrigger is not null))
        {
            terminal.Stdout.WriteLine($"Data triggers look for new data every {poll.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s; the first look only records what is there.");
        }
        terminal.Stdout.Flush();
    }

    private static void Print(Terminal terminal, ScheduleEvent e, bool asJson)
    {
        if (asJson)
        {
            WriteLine(terminal, new
            {
                at = e.At,
                pipeline = e.Pipeline,
                @event = e.Kind.ToString().ToLowerInvariant(),
                trigger = e.Trigger?.Kind,
                trigger_detail = e.Trigger?.Detail,
                detail = e.Detail,
            });
            return;
        }
        var line = $"{Time(e.At)}  {e.Pipeline}  {e.Kind.ToString().ToLowerInvariant()}";
        line += e.Trigger is null ? "" : $"  [{e.Trigger}]";
        line += e.Detail is null ? "" : $"  {e.Detail}";
        terminal.Stdout.WriteLine(line);
        terminal.Stdout.Flush();
    }

    private static void WriteLine<T>(Terminal terminal, T value)
    {
        terminal.Stdout.WriteLine(JsonSerializer.Serialize(value, JsonLines));
        terminal.Stdout.Flush();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
