using System.CommandLine;
using Keel.Retraining;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel deploy approve NAME</c> / <c>keel deploy decline NAME</c>: the decision on a retrain awaiting approval
/// (a retraining policy with <c>approval: required</c>).
/// </summary>
internal static class DeployApprovalCommand
{
    public static Command Approve(CliContext context) => Create(context, approve: true);

    public static Command Decline(CliContext context) => Create(context, approve: false);

    private static Command Create(CliContext context, bool approve)
    {
        var name = new Argument<string>("name") { Description = "The deployment whose retrain awaits approval" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept in the retrain's record and the audit log)" };
        var json = CommonOptions.Json();
        var command = new Command(approve ? "approve" : "decline", approve
            ? """
              Approve the retrain of a deployment that awaits approval: the retraining loop (keel serve --retrain) trains
              the candidate on its next tick and releases it by the policy's plan if it beats the champion.

              Example:
                keel deploy approve credit
              """
            : """
              Decline the retrain of a deployment that awaits approval: it never runs and counts against no limit.

              Example:
                keel deploy decline credit --reason "drift is the Black Friday spike"
              """) { name, reason, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await DeploySession.OpenAsync(context, ct);
            var deployment = await session.RequireAsync(result.GetValue(name)!, ct);
            long id;
            try
            {
                id = await new RetrainingJournal(session.Store, Environment.UserName).DecideApprovalAsync(deployment.Name, approve, result.GetValue(reason), ct);
            }
            catch (InvalidOperationException ex)
            {
                throw new UserException(ex.Message);
            }
            if (result.GetValue(json))
            {
                DeployOutput.Json(context, new { retrain = id, deployment = deployment.Name, decision = approve ? "approved" : "declined" });
            }
            else
            {
                context.Terminal.Note($"retrain {id} of '{deployment.Name}' {(approve ? "approved: the loop trains it on its next tick" : "declined")}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
