using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel deploy ...</c>: deployments and their revisions, written to the workspace (no server needed).</summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("deploy", """
            Deployments: named endpoints whose every change (a new model, a blue-green switch, a canary step, a
            rollback) is a numbered revision. keel serve (without --model) serves them all and picks up new
            revisions within a second; these commands work on the workspace directly.
            """);
        command.Subcommands.Add(DeployWriteCommand.Create(context));
        command.Subcommands.Add(DeployWriteCommand.Update(context));
        command.Subcommands.Add(DeploySwitchCommand.Create(context));
        command.Subcommands.Add(DeployRollbackCommand.Create(context));
        command.Subcommands.Add(DeployListCommand.Create(context));
        command.Subcommands.Add(DeployHistoryCommand.Create(context));
        command.Subcommands.Add(DeployApprovalCommand.Approve(context));
        command.Subcommands.Add(DeployApprovalCommand.Decline(context));
        return command;
    }
}
