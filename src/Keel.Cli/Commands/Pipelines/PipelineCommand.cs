using System.CommandLine;
using Keel.Pipelines;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary><c>keel pipeline validate|run</c>: checks and runs pipeline files.</summary>
internal static class PipelineCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("pipeline", """
            Check and run pipeline files: source → checks → split → train (+ search) → evaluate with gates → register.
            The file format is described in docs/pipelines.md; schemas/pipeline.schema.json gives editors completion.

            Examples:
              keel pipeline validate examples/credit-risk/pipeline.yaml
              keel pipeline run examples/credit-risk/pipeline.yaml
            """);
        command.Subcommands.Add(Validate(context));
        command.Subcommands.Add(Run(context));
        return command;
    }

    private static Command Validate(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The pipeline file (YAML)" };
        var json = CommonOptions.Json();
        var command = new Command("validate", """
            Check a pipeline file without running it: every problem is reported with its line and column (unknown
            fields, wrong types, missing files, unknown algorithms or parameters, bad gates or cron expressions).
            Exits 0 when valid, 1 when not.

            Examples:
              keel pipeline validate pipeline.yaml
              keel pipeline validate pipeline.yaml --json
            """) { file, json };
        command.SetAction(result =>
        {
            var path = context.FullPath(result.GetValue(file)!);
            PipelineSpec? spec = null;
            IReadOnlyList<string> errors = [];
            try
            {
                spec = PipelineFile.Load(path);
            }
            catch (PipelineSpecException ex)
            {
                errors = ex.Errors;
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new { file = path, valid = spec is not null, errors, steps = spec is null ? null : PipelineRunner.StepsOf(spec) });
            }
            else if (spec is not null)
            {
                context.Terminal.Stdout.WriteLine($"{result.GetValue(file)}: valid pipeline '{spec.Name}'; steps: {string.Join(" → ", PipelineRunner.StepsOf(spec))}");
            }
            else
            {
                foreach (var error in errors)
                {
                    context.Terminal.Stdout.WriteLine(error);
                }
                context.Terminal.Note($"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} found");
            }
            return spec is null ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Run(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The pipeline file (YAML)" };
        var json = CommonOptions.Json();
        var command = new Command("run", """
            Run a pipeline and record it as a run (parameters, metrics and curves, artifacts, logs, lineage). Steps
            whose inputs, parameters and code are unchanged since an earlier run are served from the cache, and
            say so. Ctrl-C stops the run in a consistent state; `keel runs resume RUN` continues it.
            Exits 0 when every step succeeded, 1 when a step failed (a quality check, a gate) or the run was interrupted.

            Examples:
              keel pipeline run examples/credit-risk/pipeline.yaml
              keel pipeline run pipeline.yaml --json
            """) { file, json };
        command.SetAction(async (result, ct) =>
        {
            var path = context.FullPath(result.GetValue(file)!);
            var spec = Load(path);
            var asJson = result.GetValue(json);
            using var session = await PipelineSession.OpenAsync(context, ct);
            var view = new PipelineRunView(context.Terminal, asJson);
            var outcome = await session.Runner(view).RunAsync(spec, RunTrigger.Manual, path, ct);
            return view.Finish(outcome);
        });
        return command;
    }

    /// <summary>Reads a pipeline file; its problems become one usage error (exit 2).</summary>
    internal static PipelineSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserException($"pipeline file '{path}' does not exist");
        }
        try
        {
            return PipelineFile.Load(path);
        }
        catch (PipelineSpecException ex)
        {
            throw new UserException(ex.Message);
        }
    }
}
