using System.CommandLine;
using System.Globalization;
using Keel.Registry;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel webhooks list</c>: the webhooks and their recent deliveries.</summary>
internal static class WebhooksListCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<int>("--deliveries") { Description = "How many recent deliveries to show", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var command = new Command("list", """
            List the webhooks and the recent deliveries: status (pending, delivered, failed), attempts, the next
            attempt of a pending one and the last error.

            Examples:
              keel webhooks list
              keel webhooks list --json | jq '.deliveries[] | select(.status != "delivered")'
            """) { limit, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var webhooks = await session.Webhooks.ListAsync(ct);
            var deliveries = await session.Webhooks.GetDeliveriesAsync(Math.Max(0, result.GetValue(limit)), ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new
                {
                    webhooks = webhooks.Select(ToJson),
                    deliveries = deliveries.Select(d => new
                    {
                        event_id = d.EventId,
                        webhook_id = d.WebhookId,
                        @event = d.Kind,
                        status = d.Status,
                        attempts = d.Attempts,
                        next_attempt = d.Status == "pending" ? d.NextAttempt : (DateTimeOffset?)null,
                        last_error = d.LastError,
                        delivered_at = d.DeliveredAt,
                    }),
                });
                return ExitCodes.Ok;
            }
            if (webhooks.Count == 0)
            {
                context.Terminal.Stdout.WriteLine("No webhooks yet: add one with `keel webhooks add URL`.");
                return ExitCodes.Ok;
            }
            var console = context.Terminal.Out;
            var table = new Table().Border(TableBorder.Rounded).Title("webhooks").AddColumns("id", "url", "events", "signed", "added (UTC)");
            foreach (var w in webhooks)
            {
                table.AddRow(w.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(w.Url.ToString()), Markup.Escape(string.Join(", ", w.Events)),
                    w.HasSecret ? "yes" : "", Time(w.CreatedAt));
            }
            console.Write(table);
            if (deliveries.Count == 0)
            {
                console.WriteLine("No deliveries yet.");
                return ExitCodes.Ok;
            }
            var recent = new Table().Border(TableBorder.Rounded).Title("recent deliveries").AddColumns("event", "kind", "webhook", "status", "attempts", "when (UTC)", "last error");
            foreach (var d in deliveries)
            {
                recent.AddRow(d.EventId.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Kind), d.WebhookId.ToString(CultureInfo.InvariantCulture),
                    d.Status switch { "delivered" => "[green]delivered[/]", "failed" => "[red]failed[/]", _ => "[yellow]pending[/]" },
                    d.Attempts.ToString(CultureInfo.InvariantCulture),
                    d.Status == "pending" ? "next " + Time(d.NextAttempt) : d.DeliveredAt is { } at ? Time(at) : "",
                    Markup.Escape(d.LastError ?? ""));
            }
            console.Write(recent);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static object ToJson(Webhook webhook) => new
    {
        id = webhook.Id,
        url = webhook.Url.ToString(),
        events = webhook.Events,
        signed = webhook.HasSecret,
        created_at = webhook.CreatedAt,
    };

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
