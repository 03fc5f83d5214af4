namespace Keel.Monitoring.Concept;

/// <summary>
/// The Page-Hinkley test (Page 1954, "Continuous Inspection Schemes", Biometrika 41) in the form used by stream
/// learning libraries: with x̄ₜ the running mean, it accumulates Uₜ = α·Uₜ₋₁ + (xₜ − x̄ₜ − δ) and
/// Lₜ = α·Lₜ₋₁ + (xₜ − x̄ₜ + δ), and signals an increase when Uₜ − minᵢ Uᵢ &gt; λ or a decrease when
/// maxᵢ Lᵢ − Lₜ &gt; λ. Never warns.
/// </summary>
/// <remarks>
/// Matches river's <c>river/drift/page_hinkley.py</c> (the two-sided version with <c>mode</c>) exactly, including
/// that the running maximum of L starts at −1 rather than −∞ and that the detector resets at the update after a
/// drift. O(1) time and memory per update.
/// </remarks>
public sealed class PageHinkley : IConceptDriftDetector
{
    private readonly PageHinkleyOptions _options;
    private RunningMean _mean;
    private double _sumIncrease;
    private double _sumDecrease;
    private double _minIncrease;
    private double _maxDecrease;
    private bool _drift;

    /// <summary>A detector with the given parameters (null for the defaults).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative minimum, δ or λ, or α outside (0, 1].</exception>
    public PageHinkley(PageHinkleyOptions? options = null)
    {
        _options = options ?? new PageHinkleyOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MinInstances, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Delta, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Threshold, nameof(options));
        if (!(_options.Alpha is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Alpha, "alpha must lie in (0, 1]");
        }
        Reset();
    }

    /// <inheritdoc />
    public string Name => "Page-Hinkley";

    /// <summary>The running mean since the last reset.</summary>
    public double Mean => _mean.Mean;

    /// <inheritdoc />
    public ConceptDriftState Update(double value)
    {
        ConceptArguments.Finite(value);
        if (_drift)
        {
            Reset();
        }
        _mean.Add(value);
        var deviation = value - _mean.Mean;
        _sumIncrease = _options.Alpha * _sumIncrease + deviation - _options.Delta;
        _sumDecrease = _options.Alpha * _sumDecrease + deviation + _options.Delta;
        _minIncrease = Math.Min(_minIncrease, _sumIncrease);
        _maxDecrease = Math.Max(_maxDecrease, _sumDecrease);
        if (_mean.Count >= _options.MinInstances)
        {
            var up = _sumIncrease - _minIncrease > _options.Threshold;
            var down = _maxDecrease - _sumDecrease > _options.Threshold;
            _drift = _options.Direction switch
            {
                PageHinkleyDirection.Up => up,
                PageHinkleyDirection.Down => down,
                _ => up || down,
            };
        }
        return _drift ? ConceptDriftState.Drift : ConceptDriftState.None;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _mean = default;
        _sumIncrease = 0;
        _sumDecrease = 0;
        _minIncrease = double.PositiveInfinity;
        _maxDecrease = -1; // river's starting value, kept so detections match it index for index
        _drift = false;
    }
}
