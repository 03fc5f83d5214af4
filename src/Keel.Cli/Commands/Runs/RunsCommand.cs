using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel runs ...</c>: the tracked pipeline runs.</summary>
internal static class RunsCommand
{
    /// <summary>The <c>runs</c> group: list, show, compare, then each of <paramref name="more"/> (e.g. <c>resume</c>) in order.</summary>
    public static Command Create(CliContext context, params Command[] more)
    {
        var command = new Command("runs", """
            The tracked pipeline runs: each records its parameters, metrics (with per-iteration curves), artifacts, log,
            status, step timings, what triggered it, and its lineage (inputs → run → registered model versions).
            """);
        command.Subcommands.Add(RunsListCommand.Create(context));
        command.Subcommands.Add(RunsShowCommand.Create(context));
        command.Subcommands.Add(RunsCompareCommand.Create(context));
        foreach (var subcommand in more)
        {
            command.Subcommands.Add(subcommand);
        }
        return command;
    }
}
