namespace Keel.Monitoring.Drift;

/// <summary>
/// PSI = Σ (r − c)·ln(r / c) over the shares of <see cref="DriftBinning"/>, as Evidently's <c>psi</c> stattest
/// computes it, empty shares first replaced per sample by Evidently's floor: min(non-zero share) / 10⁶ when that
/// minimum is ≤ 10⁻⁴, else 10⁻⁴.
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>PSI of two share vectors of equal length (copies are floored; the inputs are not changed). O(k).</summary>
    public static double Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length != current.Length)
        {
            throw new ArgumentException($"{reference.Length} reference shares but {current.Length} current shares");
        }
        var refFloor = Floor(reference);
        var curFloor = Floor(current);
        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var r = reference[i] == 0 ? refFloor : reference[i];
            var c = current[i] == 0 ? curFloor : current[i];
            psi += (r - c) * Math.Log(r / c);
        }
        return psi;
    }

    private static double Floor(ReadOnlySpan<double> shares)
    {
        var min = double.PositiveInfinity;
        foreach (var s in shares)
        {
            if (s != 0 && s < min)
            {
                min = s;
            }
        }
        return min <= 0.0001 ? min / 1e6 : 0.0001;
    }
}
