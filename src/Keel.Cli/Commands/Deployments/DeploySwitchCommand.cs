using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel deploy switch NAME</c>: swaps a blue-green deployment's live and standby models.</summary>
internal static class DeploySwitchCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The blue-green deployment" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the revision)" };
        var json = CommonOptions.Json();
        var command = new Command("switch", """
            Swap a blue-green deployment's live and standby models: a new revision that running servers activate
            atomically (requests in flight finish on the old model, none fails). Switching back is another switch.

            Example:
              keel deploy switch churn --reason 'v4 verified on standby'
            """) { name, reason, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await DeploySession.OpenAsync(context, ct);
            var deployment = await session.RequireAsync(result.GetValue(name)!, ct);
            var written = await DeploySession.ChangeAsync(() => session.Catalog.SwitchAsync(deployment.Name, result.GetValue(reason), ct));
            DeployOutput.Revision(context, written, result.GetValue(json), "Switched");
            return ExitCodes.Ok;
        });
        return command;
    }
}
