using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel webhooks deliver</c>: one delivery pass over the due events.</summary>
internal static class WebhooksDeliverCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("deliver", """
            Post every webhook delivery that is due now (new events, and failed ones whose backoff has passed) and
            print how many were delivered, will be retried, and failed for good. Registry commands already run one
            pass after each change; run this from cron or CI to retry the ones that failed. The exit code is 0 even
            when posts fail (they stay pending; see `keel webhooks list`).

            Examples:
              keel webhooks deliver
              keel webhooks deliver --json
            """) { json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var pass = await session.DeliverWebhooksAsync(ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new { delivered = pass.Delivered, retrying = pass.Retrying, failed = pass.Failed });
            }
            else
            {
                context.Terminal.Stdout.WriteLine($"{pass.Delivered} delivered, {pass.Retrying} to retry, {pass.Failed} failed for good");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
