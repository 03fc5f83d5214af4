namespace Keel.Serving.Deployments;

/// <summary>The outcome of comparing two variants.</summary>
/// <param name="Test">Which test: <c>two_proportion_z</c> or <c>welch_t</c>.</param>
/// <param name="Difference">First variant's mean (or proportion) minus the second's.</param>
/// <param name="Statistic">z or t, positive when the first variant is higher.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom; infinity for the z-test.</param>
/// <param name="PValue">Two-sided p-value; NaN when the test is undefined (too few observations, no variance).</param>
public sealed record SignificanceTest(string Test, double Difference, double Statistic, double DegreesOfFreedom, double PValue)
{
    /// <summary>Whether the difference is significant at level <paramref name="alpha"/> (false when undefined).</summary>
    public bool IsSignificant(double alpha = 0.05) => PValue < alpha;
}
