using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel deploy create NAME</c> and <c>keel deploy update NAME</c>: write a deployment's first or next revision.</summary>
internal static class DeployWriteCommand
{
    public static Command Create(CliContext context) => Build(context, create: true, """
        Create a deployment: a name clients score under (keel serve: /v2/models/NAME/infer, /invocations/NAME) and
        its revision 1. Model references are pinned to versions, so moving an alias later changes nothing until the
        next revision.
          single      one model answers everything
          blue-green  --model answers, --candidate is kept warm; keel deploy switch swaps them at once
          canary      --candidate takes --steps of traffic in turn, each for --step-duration; the server rolls back
                      as soon as --rollback-gate holds and promotes after the last step if --promote-gate holds
          shadow      --model answers; --shadow-fraction of requests also go to --candidate, whose outputs are
                      logged and compared, never returned
          ab          --candidate (variant B) takes --split of callers, sticky by the X-Keel-Route-Key header

        Examples:
          keel deploy create churn --model models:/churn@champion
          keel deploy create churn --model models:/churn/3 --strategy canary --candidate models:/churn/4 \
            --steps 5,25,50,100 --step-duration 10m --rollback-gate 'error_rate > 0.05' --promote-gate 'p99_ms <= 50'
        """);

    public static Command Update(CliContext context) => Build(context, create: false, """
        Write a new revision of a deployment (served within a second by running servers). Without --model the
        current primary model stays.

        Examples:
          keel deploy update churn --strategy canary --candidate models:/churn/5 --rollback-gate 'error_rate > 0.05'
          keel deploy update churn --strategy shadow --candidate models:/churn/5 --shadow-fraction 0.1
        """);

    private static Command Build(CliContext context, bool create, string description)
    {
        var name = new Argument<string>("name") { Description = "The deployment's name" };
        var spec = new DeploySpecOptions();
        var json = CommonOptions.Json();
        var command = new Command(create ? "create" : "update", description) { name, json };
        spec.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var deployment = result.GetValue(name)!;
            var reason = result.GetValue(spec.Reason);
            using var session = await DeploySession.OpenAsync(context, ct);
            var current = create ? null : await session.RequireAsync(deployment, ct);
            var written = await DeploySession.ChangeAsync(() => create
                ? session.Catalog.CreateAsync(deployment, spec.Bind(result, null), reason, ct)
                : session.Catalog.ReviseAsync(deployment, spec.Bind(result, current!.Current.Spec.Primary.ToString()), reason, current!.Current.Number, ct));
            DeployOutput.Revision(context, written, result.GetValue(json), create ? "Created" : "Updated");
            return ExitCodes.Ok;
        });
        return command;
    }
}
