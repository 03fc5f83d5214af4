using System.CommandLine;
using System.Globalization;
using Keel.Server.Deployments;
using Keel.Serving.Deployments;

namespace Keel.Cli.Commands;

/// <summary><c>keel deploy history NAME</c>: every revision of a deployment, oldest first.</summary>
internal static class DeployHistoryCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The deployment" };
        var json = CommonOptions.Json();
        var command = new Command("history", "Every revision of a deployment, oldest first: what changed, who, when and why.") { name, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await DeploySession.OpenAsync(context, ct);
            var deployment = await session.RequireAsync(result.GetValue(name)!, ct);
            var history = await session.Catalog.GetHistoryAsync(deployment.Name, ct);
            if (result.GetValue(json))
            {
                DeployOutput.Json(context, history.Select(DeploymentViews.Of).ToArray());
                return ExitCodes.Ok;
            }
            foreach (var r in history)
            {
                var marker = r.Status == RevisionStatus.Active ? "*" : " ";
                var source = r.SourceRevision is { } s ? $" (copy of r{s})" : "";
                context.Terminal.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{marker} r{r.Number}  {r.CreatedAt:yyyy-MM-dd HH:mm:ss}  {StrategyNames.ToText(r.Change)}{source}  {DeployOutput.Describe(r)}  by {r.Actor}{(r.Reason is { } why ? " — " + why : "")}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
