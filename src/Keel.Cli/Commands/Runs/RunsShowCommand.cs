using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs show RUN</c>: everything a run recorded.</summary>
internal static class RunsShowCommand
{
    public static Command Create(CliContext context)
    {
        var run = new Argument<string>("run") { Description = "The run number (`keel runs list` shows them)" };
        var log = new Option<bool>("--log") { Description = "Also print the run's log" };
        var json = CommonOptions.Json();
        var command = new Command("show", """
            Show a run: pipeline, status, trigger, timings and error; each step (status, attempts, whether it came from
            the cache, duration, error); parameters; metrics, with the first → last value and a sparkline for curves
            logged per iteration; artifacts (size, content id, file in the store); and lineage: the inputs it read →
            the run → the model versions it registered. --log adds the run's log.

            Examples:
              keel runs show 12
              keel runs show 12 --log
              keel runs show 12 --json | jq '.curves.train_loss'
            """) { run, log, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RunSession.OpenAsync(context, ct);
            var record = await session.RequireRunAsync(result.GetValue(run)!, ct);
            var details = await RunDetails.LoadAsync(session, record, result.GetValue(log), ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(details.ToJson());
            }
            else
            {
                details.Print(context.Terminal.Out);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
