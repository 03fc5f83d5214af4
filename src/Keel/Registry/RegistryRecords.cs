using Keel.Storage;

namespace Keel.Registry;

/// <summary>An immutable registered version of a model.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">1, 2, … per model.</param>
/// <param name="ContentId">The model file in the artifact store.</param>
/// <param name="Algorithm">gbdt, forest, logistic or linear.</param>
/// <param name="Task">binary, multiclass or regression.</param>
/// <param name="Metrics">The metrics it was registered with (the pipeline's evaluation, or the model file's).</param>
/// <param name="RunId">The run that produced it, if any.</param>
/// <param name="Source">Where it came from (a file path or a run).</param>
/// <param name="Description">Free text.</param>
/// <param name="Archived">Archived versions keep their file but take no aliases.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record ModelVersionRecord(
    string Name, int Version, ArtifactId ContentId, string Algorithm, string Task, IReadOnlyDictionary<string, double> Metrics,
    long? RunId, string? Source, string? Description, bool Archived, DateTimeOffset CreatedAt)
{
    /// <summary><c>models:/NAME/VERSION</c>.</summary>
    public ModelReference Reference => new(Name, Version, null);
}

/// <summary>A registered model with its latest version and aliases.</summary>
public sealed record RegisteredModelSummary(
    string Name, string? Description, int LatestVersion, int VersionCount, IReadOnlyDictionary<string, int> Aliases,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One move of an alias: to <paramref name="Version"/> (null: removed) from <paramref name="PreviousVersion"/>.</summary>
public sealed record AliasChange(string Name, string Alias, int? Version, int? PreviousVersion, DateTimeOffset At, string Actor, string? Reason);

/// <summary>What <see cref="ModelRegistry.SetAliasAsync"/> did: whether the alias moved, from where, and each gate's outcome.</summary>
public sealed record AliasMoveResult(bool Moved, int? PreviousVersion, IReadOnlyList<GateOutcome> Gates);

/// <summary>A registry event (also posted to webhooks): <c>model_version.created</c>, <c>alias.moved</c>, <c>gate.failed</c>, <c>model_version.archived</c>.</summary>
public sealed record RegistryEvent(long Id, string Kind, string Subject, string PayloadJson, DateTimeOffset At);
