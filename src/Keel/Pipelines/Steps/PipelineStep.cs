using System.Text.Json.Nodes;

namespace Keel.Pipelines.Steps;

/// <summary>
/// One node of a pipeline's DAG. A step reads its dependencies' outputs and the spec, and returns its own outputs
/// as a JSON object: artifact ids (<c>sha256:…</c>) and small values. By convention the runner records some output
/// fields in the run: <c>params</c> (parameters), <c>metrics</c>, <c>curves</c> (per-iteration metric lists),
/// <c>artifacts</c> (name → {id, bytes}) and <c>inputs</c> (lineage); a step served from the cache is recorded the same way.
/// </summary>
internal abstract class PipelineStep
{
    /// <summary>The step's name (also the key under <c>steps:</c> in the pipeline file).</summary>
    public abstract string Name { get; }

    /// <summary>Steps that must succeed first.</summary>
    public abstract IReadOnlyList<string> DependsOn { get; }

    /// <summary>Whether outputs may be reused from an earlier run with the same cache key.</summary>
    public virtual bool Cacheable => true;

    /// <summary>What in the spec this step reads, as text (hashed into the cache key).</summary>
    public abstract string Configuration(PipelineSpec spec);

    /// <summary>State outside the spec and inputs that changes the outputs (e.g. which version an alias points at); hashed into the key.</summary>
    public virtual Task<string> ExternalStateAsync(RunContext context, CancellationToken cancellationToken) => Task.FromResult("");

    /// <summary>Does the work.</summary>
    public abstract Task<JsonObject> ExecuteAsync(RunContext context, CancellationToken cancellationToken);
}
