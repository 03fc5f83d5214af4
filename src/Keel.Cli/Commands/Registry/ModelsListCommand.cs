using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel models list</c>: the registered models with their latest version and aliases.</summary>
internal static class ModelsListCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", """
            List the registered models: latest version, number of versions, aliases and description.

            Examples:
              keel models list
              keel models list --json | jq '.[] | select(.aliases.champion) | .name'
            """) { json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var models = await session.Registry.ListModelsAsync(ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(models.Select(m => new
                {
                    name = m.Name,
                    description = m.Description,
                    latest_version = m.LatestVersion,
                    versions = m.VersionCount,
                    aliases = m.Aliases,
                    created_at = m.CreatedAt,
                    updated_at = m.UpdatedAt,
                }));
                return ExitCodes.Ok;
            }
            if (models.Count == 0)
            {
                context.Terminal.Stdout.WriteLine("No registered models yet: register one with `keel models register FILE --name NAME`.");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("model", "latest", "versions", "aliases", "description", "updated (UTC)");
            foreach (var m in models)
            {
                table.AddRow(Markup.Escape(m.Name), $"v{m.LatestVersion}", m.VersionCount.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(RegistrySession.AliasList(m.Aliases)), Markup.Escape(m.Description ?? ""),
                    m.UpdatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
            context.Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
