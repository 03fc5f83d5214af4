namespace Keel.Pipelines;

/// <summary>
/// A step failure that retrying cannot fix (a failed quality check or gate, a label column that is not there): the
/// runner fails the step at once instead of retrying it.
/// </summary>
public sealed class PipelineStepException(string message) : Exception(message);
