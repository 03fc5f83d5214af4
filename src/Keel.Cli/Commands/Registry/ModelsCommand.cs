using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel models ...</c>: the model registry.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", """
            The model registry: registered models with immutable numbered versions, aliases (champion, challenger or
            any name) moved through gates with their history, tags and descriptions. A registered version is named
            models:/NAME/VERSION, models:/NAME/latest or models:/NAME@ALIAS wherever a model file is accepted
            (evaluate, predict, explain). Every change is posted to the configured webhooks (keel webhooks).
            """);
        command.Subcommands.Add(ModelsRegisterCommand.Create(context));
        command.Subcommands.Add(ModelsListCommand.Create(context));
        command.Subcommands.Add(ModelsShowCommand.Create(context));
        command.Subcommands.Add(ModelsAliasCommand.Create(context));
        command.Subcommands.Add(ModelsArchiveCommand.Create(context));
        command.Subcommands.Add(ModelsTagCommand.Create(context));
        command.Subcommands.Add(ModelsDescribeCommand.Create(context));
        return command;
    }
}
