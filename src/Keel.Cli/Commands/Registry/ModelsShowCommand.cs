using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary><c>keel models show NAME [--version N]</c>: a registered model's versions, aliases, tags and alias history.</summary>
internal static class ModelsShowCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The registered model" };
        var version = new Option<int?>("--version") { Description = "Show only this version (and the alias moves that involve it)" };
        var json = CommonOptions.Json();
        var command = new Command("show", """
            Show a registered model: each version with its metrics, aliases, tags and description, the model's own
            tags and description, and the history of every alias move (who, when, from which version, why).

            Examples:
              keel models show churn
              keel models show churn --version 3
              keel models show churn --json | jq '.aliases.champion'
            """) { name, version, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var model = await session.RequireModelAsync(result.GetValue(name)!, ct);
            var only = result.GetValue(version);
            var versions = only is { } n ? [await session.RequireVersionAsync(model.Name, n, ct)] : await session.Registry.ListVersionsAsync(model.Name, ct);
            var tags = new Dictionary<int, IReadOnlyDictionary<string, string>>();
            foreach (var v in versions)
            {
                tags[v.Version] = await session.Registry.GetTagsAsync(model.Name, v.Version, ct);
            }
            var modelTags = await session.Registry.GetTagsAsync(model.Name, 0, ct);
            var history = (await session.Registry.GetAliasHistoryAsync(model.Name, cancellationToken: ct))
                .Where(h => only is null || h.Version == only || h.PreviousVersion == only).ToList();
            var aliasesOf = versions.ToDictionary(v => v.Version, v => model.Aliases.Where(a => a.Value == v.Version).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray());

            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new
                {
                    name = model.Name,
                    description = model.Description,
                    tags = modelTags,
                    aliases = model.Aliases,
                    latest_version = model.LatestVersion,
                    created_at = model.CreatedAt,
                    updated_at = model.UpdatedAt,
                    versions = versions.Select(v => new
                    {
                        version = v.Version,
                        reference = v.Reference.ToString(),
                        content_id = v.ContentId.Value,
                        algorithm = v.Algorithm,
                        task = v.Task,
                        metrics = v.Metrics,
                        aliases = aliasesOf[v.Version],
                        tags = tags[v.Version],
                        description = v.Description,
                        archived = v.Archived,
                        source = v.Source,
                        run_id = v.RunId,
                        created_at = v.CreatedAt,
                    }),
                    alias_history = history.Select(h => new
                    {
                        alias = h.Alias,
                        version = h.Version,
                        previous_version = h.PreviousVersion,
                        at = h.At,
                        actor = h.Actor,
                        reason = h.Reason,
                    }),
                });
                return ExitCodes.Ok;
            }

            var console = context.Terminal.Out;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("[bold]model[/]", Markup.Escape(model.Name));
            grid.AddRow("[bold]description[/]", Markup.Escape(model.Description ?? ""));
            grid.AddRow("[bold]tags[/]", Markup.Escape(TagList(modelTags)));
            grid.AddRow("[bold]aliases[/]", Markup.Escape(model.Aliases.Count == 0 ? "none" : RegistrySession.AliasList(model.Aliases)));
            console.Write(grid);
            var table = new Table().Border(TableBorder.Rounded).Title("versions")
                .AddColumns("version", "registered (UTC)", "model", "metrics", "aliases", "tags", "description");
            foreach (var v in versions)
            {
                table.AddRow(
                    v.Archived ? $"v{v.Version} [grey](archived)[/]" : $"v{v.Version}",
                    v.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape($"{v.Algorithm} {v.Task}"),
                    Markup.Escape(string.Join(", ", v.Metrics.Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"))),
                    Markup.Escape(string.Join(", ", aliasesOf[v.Version])),
                    Markup.Escape(TagList(tags[v.Version])),
                    Markup.Escape(v.Description ?? ""));
            }
            console.Write(table);
            if (history.Count > 0)
            {
                var moves = new Table().Border(TableBorder.Rounded).Title("alias history").AddColumns("when (UTC)", "alias", "move", "by", "reason");
                foreach (var h in history)
                {
                    moves.AddRow(h.At.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(h.Alias),
                        $"{VersionText(h.PreviousVersion)} → {VersionText(h.Version)}", Markup.Escape(h.Actor), Markup.Escape(h.Reason ?? ""));
                }
                console.Write(moves);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string TagList(IReadOnlyDictionary<string, string> tags) =>
        tags.Count == 0 ? "" : string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));

    private static string VersionText(int? version) => version is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "(none)";
}
