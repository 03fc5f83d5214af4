namespace Keel.Monitoring.Concept;

/// <summary>Which changes of the mean <see cref="PageHinkley"/> looks for (river's <c>mode</c>).</summary>
public enum PageHinkleyDirection
{
    /// <summary>Increases only (river "up"); for an error stream, a model getting worse.</summary>
    Up,

    /// <summary>Decreases only (river "down").</summary>
    Down,

    /// <summary>Either (river "both", its default).</summary>
    Both,
}
