namespace Keel.Storage;

/// <summary>Which logged predictions an <see cref="InferenceLogReader"/> returns; every criterion left null matches all.</summary>
public sealed record InferenceLogFilter
{
    /// <summary>Only predictions of the model served under this name.</summary>
    public string? Model { get; init; }

    /// <summary>Only predictions routed by this deployment.</summary>
    public string? Deployment { get; init; }

    /// <summary>Only predictions made at or after this time (inclusive).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only predictions made before this time (exclusive), so consecutive windows do not overlap.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only predictions that have a true label from feedback.</summary>
    public bool LabelledOnly { get; init; }
}
