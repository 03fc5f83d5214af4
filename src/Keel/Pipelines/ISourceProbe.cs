namespace Keel.Pipelines;

/// <summary>Looks at the data a pipeline's source names; polled by <see cref="PipelineScheduler"/> for data triggers.</summary>
public interface ISourceProbe
{
    /// <summary>What <paramref name="pipeline"/>'s source holds now.</summary>
    /// <exception cref="ArgumentException">The source cannot be watched (a single file, a pinned dataset version).</exception>
    ValueTask<SourceObservation> ObserveAsync(PipelineSpec pipeline, CancellationToken cancellationToken);
}
