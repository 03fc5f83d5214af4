using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel example ...</c>: writes the synthetic datasets the example projects and tutorials use.</summary>
internal static class ExampleCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("example", "Generate synthetic example datasets (deterministic from a seed).");
        command.Subcommands.Add(ExampleCreditRiskCommand.Create(context));
        return command;
    }
}
