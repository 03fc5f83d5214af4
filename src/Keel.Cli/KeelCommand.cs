using System.CommandLine;
using Keel.Cli.Commands;
using Keel.Data;
using Keel.Storage;

namespace Keel.Cli;

/// <summary>The <c>keel</c> root command: composes the sub-commands and maps failures to exit codes.</summary>
internal static class KeelCommand
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("""
            Keel: data to production ML models, and keeping them healthy there.

            Examples:
              keel init
              keel data profile examples/data/customers.csv
              keel data add examples/data/customers.csv --name customers
              keel data validate examples/data/customers.csv --checks examples/data/checks.yaml
              keel train --data examples/data/customers.csv --label defaulted --algorithm logistic --out model.keel
              keel log export --out predictions.csv --labelled-only
            """);
        root.Subcommands.Add(QuickstartCommand.Create(context));
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(DataCommand.Create(context));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(DeployCommand.Create(context));
        root.Subcommands.Add(LogCommand.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(ExampleCommand.Create(context));
        root.Subcommands.Add(ModelsCommand.Create(context));
        root.Subcommands.Add(WebhooksCommand.Create(context));
        root.Subcommands.Add(PipelineCommand.Create(context));
        root.Subcommands.Add(SchedulerCommand.Create(context));
        root.Subcommands.Add(RunsCommand.Create(context, RunsResumeCommand.Create(context)));
        root.Subcommands.Add(MonitorCommand.Create(context));
        root.Subcommands.Add(AlertsCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = Create(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Terminal.Error(error.Message);
            }
            context.Terminal.Note("Run 'keel --help' (or the command with --help) for usage.");
            return ExitCodes.UsageOrInput;
        }
        var config = new InvocationConfiguration { Output = context.Terminal.Stdout, Error = context.Terminal.Stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        try
        {
            return await parse.InvokeAsync(config);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            context.Terminal.Error(ex.Message);
            return ExitCodes.UsageOrInput;
        }
        catch (OperationCanceledException)
        {
            context.Terminal.Error("cancelled");
            return ExitCodes.UsageOrInput;
        }
        catch (Exception ex)
        {
            context.Terminal.Error("internal error (please report it): " + ex);
            return ExitCodes.InternalError;
        }
    }

    private static bool IsUserError(Exception ex) => ex is UserException or DataFormatException or FileNotFoundException
        or DirectoryNotFoundException or WorkspaceNotFoundException or Keel.Data.Quality.QualitySuiteException or Keel.Data.Expressions.ExpressionException or Keel.Learning.Transforms.TransformFileException or Keel.Learning.Transforms.TransformException or SchemaVersionException or UnauthorizedAccessException;
}
