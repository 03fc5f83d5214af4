using System.CommandLine;
using Keel.Server.Deployments;

namespace Keel.Cli.Commands;

/// <summary><c>keel deploy list</c>: every deployment and what its current revision serves.</summary>
internal static class DeployListCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List the deployments with their current revision.") { json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await DeploySession.OpenAsync(context, ct);
            var deployments = await session.Catalog.ListAsync(ct);
            if (result.GetValue(json))
            {
                DeployOutput.Json(context, deployments.Select(d => DeploymentViews.Of(d, null)).ToArray());
                return ExitCodes.Ok;
            }
            if (deployments.Count == 0)
            {
                context.Terminal.Note("no deployments yet (keel deploy create NAME --model REF)");
            }
            foreach (var d in deployments)
            {
                context.Terminal.Stdout.WriteLine($"{d.Name}  r{d.Current.Number}  {DeployOutput.Describe(d.Current)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
