namespace Keel.Monitoring.Concept;

/// <summary>
/// The Drift Detection Method (Gama, Medas, Castillo, Rodrigues 2004, "Learning with Drift Detection", SBIA):
/// tracks the error rate pᵢ of a Bernoulli error stream and its standard deviation sᵢ = √(pᵢ(1 − pᵢ)/i), remembers
/// p_min and s_min where pᵢ + sᵢ was lowest, and warns when pᵢ + sᵢ &gt; p_min + w·s_min and signals drift when
/// pᵢ + sᵢ &gt; p_min + d·s_min.
/// </summary>
/// <remarks>
/// Matches river's <c>river/drift/binary/ddm.py</c> exactly, including its details: nothing is checked or
/// remembered until more than <see cref="DdmOptions.WarmStart"/> values were seen; the comparisons are strict; the
/// minimum is updated on pᵢ + sᵢ ≤ p_min + s_min; a drift clears the warning and the detector resets at the next
/// update. O(1) time and memory per update.
/// </remarks>
public sealed class Ddm : IConceptDriftDetector
{
    private readonly DdmOptions _options;
    private RunningMean _errors;
    private double _pMin;
    private double _sMin;
    private double _psMin;
    private ConceptDriftState _state;

    /// <summary>A detector with the given parameters (null for the defaults).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative warm start or a threshold that is not positive.</exception>
    public Ddm(DdmOptions? options = null)
    {
        _options = options ?? new DdmOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.WarmStart, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.WarningThreshold, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.DriftThreshold, nameof(options));
        Reset();
    }

    /// <inheritdoc />
    public string Name => "DDM";

    /// <summary>The error rate since the last reset.</summary>
    public double ErrorRate => _errors.Mean;

    /// <summary>Values seen since the last reset.</summary>
    public long Count => (long)_errors.Count;

    /// <summary>Adds one outcome: 1 for a wrong prediction, 0 for a right one.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not 0 or 1.</exception>
    public ConceptDriftState Update(double value)
    {
        ConceptArguments.Bit(value);
        if (_state == ConceptDriftState.Drift)
        {
            Reset();
        }
        _errors.Add(value);
        var p = _errors.Mean;
        var s = Math.Sqrt(p * (1 - p) / _errors.Count);
        if (_errors.Count > _options.WarmStart)
        {
            if (p + s <= _psMin)
            {
                _pMin = p;
                _sMin = s;
                _psMin = _pMin + _sMin;
            }
            _state = p + s > _pMin + _options.DriftThreshold * _sMin ? ConceptDriftState.Drift
                : p + s > _pMin + _options.WarningThreshold * _sMin ? ConceptDriftState.Warning
                : ConceptDriftState.None;
        }
        return _state;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _errors = default;
        _pMin = double.PositiveInfinity;
        _sMin = double.PositiveInfinity;
        _psMin = double.PositiveInfinity;
        _state = ConceptDriftState.None;
    }
}
