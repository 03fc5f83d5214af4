namespace Keel.Cli.Commands;

/// <summary>What <c>keel log export</c> wrote.</summary>
/// <param name="Rows">Predictions exported.</param>
/// <param name="Labelled">Of those, how many have a true label.</param>
/// <param name="Columns">The columns, in order (for JSON Lines: every key that occurs, in first-seen order).</param>
internal sealed record ExportSummary(long Rows, long Labelled, string[] Columns);
