using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel models tag NAME [--version N] KEY=VALUE...</c>: sets tags on a model or one of its versions.</summary>
internal static class ModelsTagCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The registered model" };
        var tags = new Argument<string[]>("tags") { Description = "KEY=VALUE, one or more", Arity = ArgumentArity.OneOrMore };
        var version = new Option<int?>("--version") { Description = "Tag this version (default: the model itself)" };
        var json = CommonOptions.Json();
        var command = new Command("tag", """
            Set tags (KEY=VALUE) on a registered model, or with --version on one of its versions. Setting a key again
            replaces its value.

            Examples:
              keel models tag churn team=risk
              keel models tag churn --version 3 validated=yes ticket=ML-42
            """) { name, tags, version, json };
        command.SetAction(async (result, ct) =>
        {
            var parsed = RegistryArguments.Tags(result.GetValue(tags));
            using var session = await RegistrySession.OpenAsync(context, ct);
            var target = await ModelOrVersion.RequireAsync(session, result.GetValue(name)!, result.GetValue(version), ct);
            foreach (var (key, value) in parsed)
            {
                await session.Registry.SetTagAsync(target.Name, target.Version, key, value, ct);
            }
            var all = await session.Registry.GetTagsAsync(target.Name, target.Version, ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new { model = target.Name, version = target.Version == 0 ? (int?)null : target.Version, tags = all });
            }
            else
            {
                context.Terminal.Stdout.WriteLine($"Tagged {target.Display}: {string.Join(", ", all.Select(t => $"{t.Key}={t.Value}"))}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
