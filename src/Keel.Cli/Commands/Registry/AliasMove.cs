using System.Globalization;
using Keel.Registry;
using Spectre.Console;

namespace Keel.Cli.Commands;

/// <summary>Moves an alias through its gates and reports each gate's outcome (<c>keel models alias</c>, <c>register --alias</c>).</summary>
internal static class AliasMove
{
    public static async Task<AliasMoveResult> RunAsync(
        RegistrySession session, string name, string alias, int version, IReadOnlyList<ModelGate> gates, string? reason, CancellationToken ct)
    {
        try
        {
            return await session.Registry.SetAliasAsync(name, alias, version, gates, reason, ct);
        }
        catch (InvalidOperationException ex)
        {
            // An archived version takes no alias.
            throw new UserException(ex.Message);
        }
    }

    /// <summary>Exit code: <see cref="ExitCodes.CheckFailed"/> when a gate held the alias back.</summary>
    public static int ExitCode(AliasMoveResult result) => Blocked(result) ? ExitCodes.CheckFailed : ExitCodes.Ok;

    public static object ToJson(string alias, int version, AliasMoveResult result) => new
    {
        alias,
        version,
        moved = result.Moved,
        blocked = Blocked(result),
        previous_version = result.PreviousVersion,
        gates = result.Gates.Select(g => new { gate = g.Gate, passed = g.Passed, detail = g.Detail }),
    };

    public static void Write(CliContext context, string name, string alias, int version, AliasMoveResult result)
    {
        var console = context.Terminal.Out;
        if (result.Gates.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("gate", "result", "values");
            foreach (var gate in result.Gates)
            {
                table.AddRow(Markup.Escape(gate.Gate), gate.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(gate.Detail));
            }
            console.Write(table);
        }
        var target = $"models:/{name}@{alias}";
        var was = result.PreviousVersion is { } p ? "v" + p.ToString(CultureInfo.InvariantCulture) : "no version";
        var line = result switch
        {
            _ when Blocked(result) => $"[red]{Markup.Escape(target)} not moved[/]: {result.Gates.Count(g => !g.Passed)} of {result.Gates.Count} gates failed; it stays at {was}",
            { Moved: true } => $"{Markup.Escape(target)} → v{version} (was {was})",
            _ => $"{Markup.Escape(target)} already points at v{version}; unchanged",
        };
        console.MarkupLine(line);
    }

    private static bool Blocked(AliasMoveResult result) => !result.Moved && result.Gates.Any(g => !g.Passed);
}
