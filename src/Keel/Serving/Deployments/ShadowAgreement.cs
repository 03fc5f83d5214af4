namespace Keel.Serving.Deployments;

/// <summary>
/// How a shadow's outputs compare with the primary's on the same mirrored requests: for classification, the share of
/// requests where both predicted the same class; for regression, the mean and largest absolute difference; and how
/// often the shadow failed where the primary answered.
/// </summary>
/// <remarks>Thread-safe and lock-free; recording allocates nothing.</remarks>
public sealed class ShadowAgreement
{
    private long _classified;
    private long _agreed;
    private long _regressed;
    private double _absoluteDifferenceSum;
    private double _maxAbsoluteDifference;
    private long _shadowFailures;

    /// <summary>Records the class each model predicted for one request (class indices or codes).</summary>
    public void RecordClass(int primaryClass, int shadowClass) => CountClass(primaryClass == shadowClass);

    /// <summary>Records the label each model predicted for one request (compared ordinally).</summary>
    public void RecordClass(string? primaryLabel, string? shadowLabel) => CountClass(string.Equals(primaryLabel, shadowLabel, StringComparison.Ordinal));

    /// <summary>Records the value each model predicted for one request (regression); non-finite pairs are ignored.</summary>
    public void RecordValue(double primaryValue, double shadowValue)
    {
        var difference = Math.Abs(primaryValue - shadowValue);
        if (!double.IsFinite(difference))
        {
            return;
        }
        Interlocked.Increment(ref _regressed);
        AddDouble(ref _absoluteDifferenceSum, difference);
        var max = Volatile.Read(ref _maxAbsoluteDifference);
        while (difference > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxAbsoluteDifference, difference, max);
            if (seen.Equals(max))
            {
                break;
            }
            max = seen;
        }
    }

    /// <summary>Records that the shadow failed on a request the primary answered.</summary>
    public void RecordShadowFailure() => Interlocked.Increment(ref _shadowFailures);

    /// <summary>The comparison so far.</summary>
    public ShadowAgreementSnapshot Snapshot()
    {
        var classified = Interlocked.Read(ref _classified);
        var regressed = Interlocked.Read(ref _regressed);
        return new ShadowAgreementSnapshot(
            classified, classified == 0 ? double.NaN : (double)Interlocked.Read(ref _agreed) / classified,
            regressed, regressed == 0 ? double.NaN : Volatile.Read(ref _absoluteDifferenceSum) / regressed,
            regressed == 0 ? double.NaN : Volatile.Read(ref _maxAbsoluteDifference),
            Interlocked.Read(ref _shadowFailures));
    }

    private void CountClass(bool agreed)
    {
        Interlocked.Increment(ref _classified);
        if (agreed)
        {
            Interlocked.Increment(ref _agreed);
        }
    }

    private static void AddDouble(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }
}
