using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel deploy rollback NAME REVISION</c>: re-activates an earlier revision as a new one.</summary>
internal static class DeployRollbackCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The deployment" };
        var revision = new Argument<int>("revision") { Description = "The revision to serve again (see keel deploy history)" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the revision)" };
        var json = CommonOptions.Json();
        var command = new Command("rollback", """
            Serve an earlier revision again, at once: a new revision copying it (same pinned models and parameters),
            so the history stays append-only. Rolling back to the active revision changes nothing.

            Example:
              keel deploy rollback churn 3 --reason 'latency regression'
            """) { name, revision, reason, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await DeploySession.OpenAsync(context, ct);
            var deployment = await session.RequireAsync(result.GetValue(name)!, ct);
            var target = result.GetValue(revision);
            if (target < 1 || target > deployment.Current.Number)
            {
                throw new UserException($"deployment '{deployment.Name}' has revisions 1 to {deployment.Current.Number}, not {target}");
            }
            var written = await DeploySession.ChangeAsync(() => session.Catalog.RollbackAsync(deployment.Name, target, result.GetValue(reason), ct));
            DeployOutput.Revision(context, written, result.GetValue(json), written.Number == target ? "Already serving" : $"Rolled back to {target}:");
            return ExitCodes.Ok;
        });
        return command;
    }
}
