using System.CommandLine;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary><c>keel webhooks add URL [--event KIND]... [--secret S]</c>.</summary>
internal static class WebhooksAddCommand
{
    public static Command Create(CliContext context)
    {
        var url = new Argument<string>("url") { Description = "An http:// or https:// URL that accepts POSTs" };
        var events = new Option<string[]>("--event")
        {
            Description = $"An event kind to send ({string.Join(", ", WebhookCatalog.EventKinds)}); repeatable; default: all",
            AllowMultipleArgumentsPerToken = false,
        };
        var secret = new Option<string?>("--secret") { Description = "Sign each body with HMAC-SHA256 under this secret (header X-Keel-Signature-256)" };
        var json = CommonOptions.Json();
        var command = new Command("add", """
            Add a webhook: registry events recorded from now on are POSTed to URL.

            Examples:
              keel webhooks add https://ci.example.com/hooks/keel
              keel webhooks add https://ci.example.com/hooks/keel --event alias.moved --event gate.failed --secret "$HOOK_SECRET"
            """) { url, events, secret, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            Webhook webhook;
            try
            {
                webhook = await session.Webhooks.AddAsync(result.GetValue(url)!, result.GetValue(events) ?? [], result.GetValue(secret), ct);
            }
            catch (ArgumentException ex)
            {
                // A bad URL or event kind; the message says which and lists the kinds.
                throw new UserException(ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal));
            }
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(WebhooksListCommand.ToJson(webhook));
            }
            else
            {
                context.Terminal.Stdout.WriteLine($"Added webhook {webhook.Id}: {webhook.Url} ({string.Join(", ", webhook.Events)}{(webhook.HasSecret ? ", signed" : "")})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
