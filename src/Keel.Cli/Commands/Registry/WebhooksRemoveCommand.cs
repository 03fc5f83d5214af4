using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel webhooks remove ID</c>.</summary>
internal static class WebhooksRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The webhook's id (keel webhooks list)" };
        var json = CommonOptions.Json();
        var command = new Command("remove", """
            Remove a webhook and drop its undelivered events.

            Examples:
              keel webhooks remove 2
            """) { id, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var webhookId = result.GetValue(id);
            if (!await session.Webhooks.RemoveAsync(webhookId, ct))
            {
                var ids = (await session.Webhooks.ListAsync(ct)).Select(w => w.Id).ToArray();
                throw new UserException($"no webhook {webhookId}; " + (ids.Length == 0 ? "there are none" : "webhooks: " + string.Join(", ", ids)));
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new { id = webhookId, removed = true });
            }
            else
            {
                context.Terminal.Stdout.WriteLine($"Removed webhook {webhookId}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
