namespace Keel.Monitoring.Concept;

/// <summary>What a concept drift detector concluded after one update.</summary>
public enum ConceptDriftState
{
    /// <summary>No evidence of change.</summary>
    None,

    /// <summary>The monitored statistic has moved enough to watch (only <see cref="Ddm"/> reports warnings).</summary>
    Warning,

    /// <summary>A change was detected at this update; the detector starts afresh on the next one.</summary>
    Drift,
}
