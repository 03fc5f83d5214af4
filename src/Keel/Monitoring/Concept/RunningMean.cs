namespace Keel.Monitoring.Concept;

/// <summary>
/// Incremental mean, updated as river's <c>stats.Mean</c> does (mean += (1/n)·(x − mean)) so that the detectors
/// built on it take the same floating-point path as river's.
/// </summary>
internal struct RunningMean
{
    /// <summary>Values seen.</summary>
    public double Count { get; private set; }

    /// <summary>The mean of the values seen, 0 before the first.</summary>
    public double Mean { get; private set; }

    public void Add(double x)
    {
        Count += 1;
        Mean += 1 / Count * (x - Mean);
    }
}
