namespace Keel.Examples;

/// <summary>What <see cref="CreditRiskGenerator.Write(TextWriter)"/> wrote.</summary>
/// <param name="Rows">Data rows written (header excluded), duplicates included.</param>
/// <param name="Duplicates">How many of them are exact duplicates of another row.</param>
/// <param name="Positives">Rows with <c>defaulted</c> = 1, duplicates included.</param>
public sealed record CreditRiskSummary(int Rows, int Duplicates, int Positives)
{
    /// <summary>The share of rows with <c>defaulted</c> = 1, in [0, 1].</summary>
    public double PositivesShare => Rows == 0 ? 0 : (double)Positives / Rows;
}
