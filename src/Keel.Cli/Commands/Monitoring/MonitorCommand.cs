using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel monitor</c>: checks on data and models in production.</summary>
internal static class MonitorCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "Watch data and models in production: drift between a reference and current data.");
        command.Subcommands.Add(MonitorDriftCommand.Create(context));
        return command;
    }
}
