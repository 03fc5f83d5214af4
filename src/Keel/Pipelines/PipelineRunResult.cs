using Keel.Registry;

namespace Keel.Pipelines;

/// <summary>How a pipeline run ended: its record, its steps, and the model version it registered (if any).</summary>
public sealed record PipelineRunResult(RunRecord Run, IReadOnlyList<StepRecord> Steps, ModelVersionRecord? Registered, bool AliasMoved);
