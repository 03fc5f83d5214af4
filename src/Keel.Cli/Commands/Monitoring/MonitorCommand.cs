using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel monitor</c>: checks on data and models in production.</summary>
internal static class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "Watch data and models in production: drift of current data from a model's training data or from a reference file.");
        command.Subcommands.Add(MonitorRunCommand.Create(context));
        command.Subcommands.Add(MonitorDriftCommand.Create(context));
        command.Subcommands.Add(MonitorHistoryCommand.Create(context));
        return command;
    }
}
