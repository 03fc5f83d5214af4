using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel log ...</c>: the inference log that <c>keel serve</c> writes.</summary>
internal static class LogCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("log", """
            The inference log: every prediction keel serve makes is recorded (inputs with pii columns hashed, outputs,
            model, deployment, latency), and POST /feedback joins true labels to predictions by id.
            """);
        command.Subcommands.Add(LogExportCommand.Create(context));
        return command;
    }
}
