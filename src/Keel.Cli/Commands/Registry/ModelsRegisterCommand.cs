using System.CommandLine;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary><c>keel models register FILE --name NAME</c>: stores a model file as the next version of a registered model.</summary>
internal static class ModelsRegisterCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("model-file") { Description = "The model file (written by keel train)" };
        var name = new Option<string>("--name") { Description = "Registered model name (letters, digits, '.', '_', '-')", Required = true };
        var alias = new Option<string?>("--alias") { Description = "Then point this alias (e.g. champion) at the new version, if every --gate passes" };
        var gates = new Option<string[]>("--gate") { Description = "A condition the version must meet to take --alias, e.g. 'auc >= champion.auc - 0.01'; repeatable", AllowMultipleArgumentsPerToken = false };
        var tags = new Option<string[]>("--tag") { Description = "KEY=VALUE tag of the version; repeatable", AllowMultipleArgumentsPerToken = false };
        var description = new Option<string?>("--description") { Description = "Free text describing the version" };
        var reason = new Option<string?>("--reason") { Description = "Why the alias moves (kept in its history)" };
        var json = CommonOptions.Json();
        var command = new Command("register", """
            Register a model file as the next version of NAME: the file is copied into the content-addressed artifact
            store and recorded with its algorithm, task and metrics. Registering the same file again returns the
            existing version. With --alias, the alias then moves to the new version if every --gate passes; a gate
            compares the version's metrics with those of the versions other aliases point at (champion.auc). A
            failed gate leaves the alias where it was and exits with code 1; the version stays registered.

            Examples:
              keel models register model.keel --name churn
              keel models register model.keel --name churn --alias champion --gate 'auc >= champion.auc - 0.01' --tag team=risk
              keel models register model.keel --name churn --description 'March retrain' --json
            """) { file, name, alias, gates, tags, description, reason, json };
        command.SetAction(async (result, ct) =>
        {
            var text = result.GetValue(file)!;
            if (ModelReference.IsReference(text))
            {
                throw new UserException($"{text}: register takes a model file; to point an alias at an existing version use `keel models alias`");
            }
            var modelName = result.GetValue(name)!;
            if (!ModelReference.IsValidName(modelName, out var nameProblem))
            {
                throw new UserException(nameProblem);
            }
            var aliasName = result.GetValue(alias) is { } a ? RegistryArguments.Alias(a) : null;
            var parsedGates = RegistryArguments.Gates(result.GetValue(gates));
            if (aliasName is null && parsedGates.Count > 0)
            {
                throw new UserException("--gate needs --alias: a gate decides whether the alias moves to the new version");
            }
            var parsedTags = RegistryArguments.Tags(result.GetValue(tags));
            var model = (await ModelLoading.LoadAsync(context, text, ct)).Model;
            var path = context.FullPath(text);

            using var session = await RegistrySession.OpenAsync(context, ct);
            var artifact = await session.Artifacts.PutFileAsync(path, ct);
            var (version, created) = await session.Registry.RegisterAsync(
                modelName, artifact.Id, model.Algorithm, model.Task.ToString().ToLowerInvariant(), model.Metrics,
                source: path, description: result.GetValue(description), tags: parsedTags, cancellationToken: ct);
            var move = aliasName is null ? null
                : await AliasMove.RunAsync(session, modelName, aliasName, version.Version, parsedGates, result.GetValue(reason), ct);
            await session.NotifyWebhooksAsync(ct);

            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new
                {
                    model = version.Name,
                    version = version.Version,
                    reference = version.Reference.ToString(),
                    created,
                    content_id = version.ContentId.Value,
                    algorithm = version.Algorithm,
                    task = version.Task,
                    metrics = version.Metrics,
                    alias = move is null ? null : AliasMove.ToJson(aliasName!, version.Version, move),
                });
            }
            else
            {
                context.Terminal.Stdout.WriteLine(created
                    ? $"Registered {version.Reference}: {version.Algorithm} {version.Task} model, {version.ContentId.Value[..19]}…"
                    : $"Unchanged: this file is already {version.Reference} (registered {version.CreatedAt:yyyy-MM-dd HH:mm} UTC)");
                if (move is not null)
                {
                    AliasMove.Write(context, modelName, aliasName!, version.Version, move);
                }
            }
            return move is null ? ExitCodes.Ok : AliasMove.ExitCode(move);
        });
        return command;
    }
}
