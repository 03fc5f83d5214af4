using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel webhooks ...</c>: where registry events are posted.</summary>
internal static class WebhooksCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("webhooks", """
            Webhooks: registry events (model_version.created, alias.moved, gate.failed, model_version.archived) are
            POSTed as JSON to each configured URL right after the command that caused them, so CI/CD never has to
            poll. Headers: X-Keel-Event, X-Keel-Delivery (use it to drop duplicates: delivery is at least once) and,
            with a secret, X-Keel-Signature-256: sha256=HMAC-SHA256 of the body. A failed post is retried with
            backoff by the next `keel webhooks deliver` (or the next registry change).
            """);
        command.Subcommands.Add(WebhooksAddCommand.Create(context));
        command.Subcommands.Add(WebhooksListCommand.Create(context));
        command.Subcommands.Add(WebhooksRemoveCommand.Create(context));
        command.Subcommands.Add(WebhooksDeliverCommand.Create(context));
        return command;
    }
}
