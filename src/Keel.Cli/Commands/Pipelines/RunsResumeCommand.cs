using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs resume RUN</c>: continues an interrupted or failed run from its last succeeded step.</summary>
internal static class RunsResumeCommand
{
    public static Command Create(CliContext context)
    {
        var run = new Argument<long>("run") { Description = "The run number (`keel runs list` shows them)" };
        var json = CommonOptions.Json();
        var command = new Command("resume", """
            Continue a run that was interrupted (Ctrl-C, a crash, kill -9) or failed: steps that succeeded keep their
            outputs, the others run again, with the pipeline text recorded when the run started.

            Examples:
              keel runs resume 12
              keel runs resume 12 --json
            """) { run, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await PipelineSession.OpenAsync(context, ct);
            var view = new PipelineRunView(context.Terminal, result.GetValue(json));
            Keel.Pipelines.PipelineRunResult outcome;
            try
            {
                outcome = await session.Runner(view).ResumeAsync(result.GetValue(run), ct);
            }
            catch (InvalidOperationException ex)
            {
                throw new UserException(ex.Message);
            }
            catch (Keel.Pipelines.PipelineSpecException ex)
            {
                throw new UserException($"the run's recorded pipeline no longer parses: {ex.Message}");
            }
            return view.Finish(outcome);
        });
        return command;
    }
}
