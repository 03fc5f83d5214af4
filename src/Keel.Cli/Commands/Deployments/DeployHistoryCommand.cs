using System.CommandLine;
using System.Globalization;
using Keel.Retraining;
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
        var command = new Command("history", """
            Every revision of a deployment, oldest first: what changed, who, when and why; with a retraining policy, the
            retrains in between (what started each, the candidate, how it ended). Revisions a retrain wrote name it in
            their reason. --json prints the revisions.
            """) { name, json };
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
            var retrains = await new RetrainingJournal(session.Store).ListAsync(deployment.Name, ct);
            var lines = history.Select(r => (At: r.CreatedAt, Order: 0, Text: Revision(r)))
                .Concat(retrains.Select(e => (At: e.Record.StartedAt, Order: 1, Text: Retrain(e))))
                .OrderBy(l => l.At).ThenBy(l => l.Order);
            foreach (var line in lines)
            {
                context.Terminal.Stdout.WriteLine(line.Text);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Revision(DeploymentRevision r)
    {
        var marker = r.Status == RevisionStatus.Active ? "*" : " ";
        var source = r.SourceRevision is { } s ? $" (copy of r{s})" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{marker} r{r.Number}  {r.CreatedAt:yyyy-MM-dd HH:mm:ss}  {StrategyNames.ToText(r.Change)}{source}  {DeployOutput.Describe(r)}  by {r.Actor}{(r.Reason is { } why ? " — " + why : "")}");
    }

    private static string Retrain(RetrainEntry e) => string.Create(CultureInfo.InvariantCulture,
        $"  retrain {e.Id}  {e.Record.StartedAt:yyyy-MM-dd HH:mm:ss}  {e.Record.Cause} → {RetrainingJournal.Name(e.Record.Outcome).Replace('_', ' ')}{(e.Candidate is { } c ? "  candidate " + c : "")}{(e.Detail is { } d ? " — " + d : "")}");
}
