namespace Keel.Monitoring.Concept;

/// <summary>
/// An online detector of change in a stream of per-prediction values, typically the error stream of a model
/// (1 = wrong, 0 = right) or a per-prediction loss. Implementations are deterministic, take O(1) amortised time and
/// do not allocate per update (ADWIN adds one bucket row each time its window doubles), and are not thread-safe:
/// feed one detector from one thread.
/// </summary>
public interface IConceptDriftDetector
{
    /// <summary>A short name of the method ("DDM", "ADWIN", "Page-Hinkley").</summary>
    string Name { get; }

    /// <summary>
    /// Adds the next value and reports the state after it. After a <see cref="ConceptDriftState.Drift"/> the next
    /// call first resets the detector, as river's detectors do.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite (or, for DDM, not 0 or 1).</exception>
    ConceptDriftState Update(double value);

    /// <summary>Forgets everything seen so far.</summary>
    void Reset();
}
