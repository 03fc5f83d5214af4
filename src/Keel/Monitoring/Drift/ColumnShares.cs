namespace Keel.Monitoring.Drift;

/// <summary>One column's reference and current shares per bin or value, as a drift report draws them.</summary>
/// <param name="Labels">A label per bin (its lower edge) or value.</param>
/// <param name="Reference">The reference's share in each.</param>
/// <param name="Current">The current data's share in each.</param>
public sealed record ColumnShares(IReadOnlyList<string> Labels, double[] Reference, double[] Current)
{
    /// <summary>Shares per bin, labelled by each bin's lower edge.</summary>
    public static ColumnShares Binned(double[] edges, double[] reference, double[] current)
    {
        ArgumentNullException.ThrowIfNull(edges);
        return new ColumnShares([.. edges.Take(edges.Length - 1).Select(e => Keel.Learning.Reports.SvgChart.Value(e))], reference, current);
    }
}
