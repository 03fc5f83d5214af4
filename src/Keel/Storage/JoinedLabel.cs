namespace Keel.Storage;

/// <summary>A true label joined to the prediction it is for.</summary>
/// <param name="PredictionId">The prediction's id.</param>
/// <param name="Label">The true label as text (a class, or a regression target in invariant culture).</param>
/// <param name="OutputsJson">The prediction as the inference log holds it.</param>
public sealed record JoinedLabel(string PredictionId, string Label, string OutputsJson)
{
    /// <summary>The deployment that routed the prediction, or null for a model served directly.</summary>
    public string? Deployment { get; init; }

    /// <summary>The deployment's revision that routed it, or null.</summary>
    public int? DeploymentRevision { get; init; }

    /// <summary><c>primary</c>, <c>candidate</c> or <c>shadow</c>; null without a deployment.</summary>
    public string? DeploymentRole { get; init; }

    /// <summary>The name the model was served under.</summary>
    public string ModelName { get; init; } = "";

    /// <summary>The model's version.</summary>
    public string ModelVersion { get; init; } = "";

    /// <summary>True when the prediction already had a label, which this one replaced.</summary>
    public bool Relabelled { get; init; }
}
