using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel models alias NAME ALIAS VERSION</c>: moves an alias through gates; <c>--remove</c> deletes it.</summary>
internal static class ModelsAliasCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The registered model" };
        var alias = new Argument<string>("alias") { Description = "The alias: champion, challenger or any name (letters, digits, '_', '-'; starting with a letter)" };
        var version = new Argument<int?>("version") { Description = "The version the alias should point at", Arity = ArgumentArity.ZeroOrOne };
        var gates = new Option<string[]>("--gate") { Description = "A condition the version must meet, e.g. 'auc >= champion.auc - 0.01' or 'f1 >= 0.7'; repeatable", AllowMultipleArgumentsPerToken = false };
        var reason = new Option<string?>("--reason") { Description = "Why it moves (kept in the alias history and sent to webhooks)" };
        var remove = new Option<bool>("--remove") { Description = "Remove the alias instead (no VERSION)" };
        var json = CommonOptions.Json();
        var command = new Command("alias", """
            Point an alias of a registered model at a version, after checking every --gate. A gate is an expression
            over the version's metrics (auc, f1, rmse, …) and those of the versions other aliases point at
            (champion.auc); a gate that compares with an alias nobody holds yet passes and says so. If a gate fails
            the alias stays where it was, each gate's outcome is printed, a gate.failed event goes to the webhooks
            and the exit code is 1. Every move is kept in the alias history.

            Examples:
              keel models alias churn champion 3
              keel models alias churn champion 4 --gate 'auc >= champion.auc - 0.01' --gate 'log_loss <= 0.5' --reason 'March retrain'
              keel models alias churn challenger --remove
            """) { name, alias, version, gates, reason, remove, json };
        command.SetAction(async (result, ct) =>
        {
            var aliasName = RegistryArguments.Alias(result.GetValue(alias)!);
            var target = result.GetValue(version);
            var removing = result.GetValue(remove);
            if (removing == (target is not null))
            {
                throw new UserException("give either VERSION (to move the alias) or --remove");
            }
            var parsedGates = RegistryArguments.Gates(result.GetValue(gates));
            if (removing && parsedGates.Count > 0)
            {
                throw new UserException("--gate applies to moving an alias, not to --remove");
            }
            using var session = await RegistrySession.OpenAsync(context, ct);
            var model = await session.RequireModelAsync(result.GetValue(name)!, ct);
            if (removing)
            {
                if (!await session.Registry.RemoveAliasAsync(model.Name, aliasName, result.GetValue(reason), ct))
                {
                    throw new UserException($"model '{model.Name}' has no alias '{aliasName}'; " +
                        (model.Aliases.Count == 0 ? "it has no aliases" : "its aliases: " + RegistrySession.AliasList(model.Aliases)));
                }
                await session.NotifyWebhooksAsync(ct);
                if (result.GetValue(json))
                {
                    context.Terminal.WriteJson(new { model = model.Name, alias = aliasName, removed = true, previous_version = model.Aliases[aliasName] });
                }
                else
                {
                    context.Terminal.Stdout.WriteLine($"Removed models:/{model.Name}@{aliasName} (it pointed at v{model.Aliases[aliasName]})");
                }
                return ExitCodes.Ok;
            }
            var record = await session.RequireVersionAsync(model.Name, target!.Value, ct);
            var move = await AliasMove.RunAsync(session, model.Name, aliasName, record.Version, parsedGates, result.GetValue(reason), ct);
            await session.NotifyWebhooksAsync(ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(AliasMove.ToJson(aliasName, record.Version, move));
            }
            else
            {
                AliasMove.Write(context, model.Name, aliasName, record.Version, move);
            }
            return AliasMove.ExitCode(move);
        });
        return command;
    }
}
