using System.CommandLine;

namespace Keel.Cli.Commands;

/// <summary><c>keel models archive NAME VERSION</c>: retires a version (its file stays; it takes no alias).</summary>
internal static class ModelsArchiveCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The registered model" };
        var version = new Argument<int>("version") { Description = "The version to archive" };
        var json = CommonOptions.Json();
        var command = new Command("archive", """
            Archive a version: its file and record stay (models:/NAME/VERSION still loads it), but it can no longer
            take an alias and models:/NAME/latest skips it. A version an alias points at is refused: move or remove
            the alias first.

            Examples:
              keel models archive churn 2
              keel models archive churn 2 --json
            """) { name, version, json };
        command.SetAction(async (result, ct) =>
        {
            using var session = await RegistrySession.OpenAsync(context, ct);
            var record = await session.RequireVersionAsync(result.GetValue(name)!, result.GetValue(version), ct);
            try
            {
                await session.Registry.ArchiveAsync(record.Name, record.Version, ct);
            }
            catch (InvalidOperationException ex)
            {
                // An alias still points at the version.
                throw new UserException(ex.Message);
            }
            await session.NotifyWebhooksAsync(ct);
            if (result.GetValue(json))
            {
                context.Terminal.WriteJson(new { model = record.Name, version = record.Version, reference = record.Reference.ToString(), archived = true });
            }
            else
            {
                context.Terminal.Stdout.WriteLine($"Archived {record.Reference}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
