namespace Keel.Serving.Deployments;

/// <summary>The stored (and user-facing) snake_case names of <see cref="DeploymentStrategy"/> and <see cref="RevisionChange"/>.</summary>
public static class StrategyNames
{
    /// <summary>The snake_case name of <paramref name="strategy"/>.</summary>
    public static string ToText(DeploymentStrategy strategy) => strategy switch
    {
        DeploymentStrategy.Single => "single",
        DeploymentStrategy.BlueGreen => "blue_green",
        DeploymentStrategy.Canary => "canary",
        DeploymentStrategy.Shadow => "shadow",
        DeploymentStrategy.AB => "ab",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// <summary>The strategy named <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">An unknown name.</exception>
    public static DeploymentStrategy ParseStrategy(string text) => text switch
    {
        "single" => DeploymentStrategy.Single,
        "blue_green" => DeploymentStrategy.BlueGreen,
        "canary" => DeploymentStrategy.Canary,
        "shadow" => DeploymentStrategy.Shadow,
        "ab" => DeploymentStrategy.AB,
        _ => throw new FormatException($"unknown deployment strategy '{text}'; expected single, blue_green, canary, shadow or ab"),
    };

    /// <summary>The snake_case name of <paramref name="change"/>.</summary>
    public static string ToText(RevisionChange change) => change switch
    {
        RevisionChange.Created => "created",
        RevisionChange.Revised => "revised",
        RevisionChange.Switched => "switched",
        RevisionChange.CanaryStep => "canary_step",
        RevisionChange.Promoted => "promoted",
        RevisionChange.CanaryRollback => "canary_rollback",
        RevisionChange.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    /// <summary>The change named <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">An unknown name.</exception>
    public static RevisionChange ParseChange(string text) => text switch
    {
        "created" => RevisionChange.Created,
        "revised" => RevisionChange.Revised,
        "switched" => RevisionChange.Switched,
        "canary_step" => RevisionChange.CanaryStep,
        "promoted" => RevisionChange.Promoted,
        "canary_rollback" => RevisionChange.CanaryRollback,
        "rollback" => RevisionChange.Rollback,
        _ => throw new FormatException($"unknown revision change '{text}'"),
    };
}
