using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel models describe NAME [--version N] TEXT</c>: sets the description of a model or one of its versions.</summary>
internal static class ModelsDescribeCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The registered model" };
        var text = new Argument<string>("text") { Description = "The description (quote it)" };
        var version = new Option<int?>("--version") { Description = "Describe this version (default: the model itself)" };
        var json = CommonOptions.Json();
        var command = new Command("describe", """
            Set the description of a registered model, or with --version of one of its versions.

            Examples:
              keel models describe churn 'Predicts churn within 90 days; owner: risk team'
              keel models describe churn --version 3 'Retrained on March data'
            """) { name, text, version, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var target = await ModelOrVersion.RequireAsync(session, result.GetValue(name)!, result.GetValue(version), ct);
            var description = result.GetValue(text)!;
            await session.Registry.SetDescriptionAsync(target.Name, target.Version, description, ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new { model = target.Name, version = target.Version == 0 ? (int?)null : target.Version, description });
            }
            else
            {
                context.Terminal.Stdout.WriteLine($"Described {target.Display}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
