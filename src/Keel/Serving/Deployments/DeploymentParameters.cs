namespace Keel.Serving.Deployments;

/// <summary>
/// The tunable part of a revision. Each strategy reads the members that concern it and ignores the rest; stored as
/// JSON with the revision. Immutable.
/// </summary>
public sealed record DeploymentParameters
{
    /// <summary>The default canary ladder, in percent of traffic.</summary>
    public static readonly IReadOnlyList<double> DefaultCanarySteps = [5, 25, 50, 100];

    /// <summary>Canary: the candidate's traffic share at each step, in percent, strictly increasing within (0, 100].</summary>
    public IReadOnlyList<double> CanarySteps { get; init; } = DefaultCanarySteps;

    /// <summary>Canary: the index in <see cref="CanarySteps"/> this revision serves (advancing is a new revision).</summary>
    public int CanaryStep { get; init; }

    /// <summary>Canary: how long a step runs before its promotion gates are judged.</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Canary: requests the candidate must have answered in a step before any gate is judged.</summary>
    public long MinRequests { get; init; } = 100;

    /// <summary>
    /// Canary: the condition the candidate must meet at the end of each step to go on, e.g.
    /// <c>error_rate &lt;= 0.01 and p99_ms &lt;= 50</c>; <c>stable.NAME</c> is the stable model's metric. Null: always met.
    /// Metric names are those of <see cref="RoleMetricsSnapshot.ToGateMetrics"/>.
    /// </summary>
    public string? PromoteGate { get; init; }

    /// <summary>
    /// Canary: a condition that, once true, rolls back at once, before the step ends, e.g.
    /// <c>error_rate &gt; 0.05 or p99_ms &gt; 4 * stable.p99_ms</c>. Null: only a failed <see cref="PromoteGate"/> rolls back.
    /// </summary>
    public string? RollbackGate { get; init; }

    /// <summary>
    /// Canary: a condition on the quality metric from labelled feedback (<c>quality</c>, <c>stable.quality</c>), judged
    /// with the promotion gate once the candidate has <see cref="MinLabels"/> labels; until then it is skipped.
    /// </summary>
    public string? QualityGate { get; init; }

    /// <summary>Canary: labelled outcomes the candidate needs before <see cref="QualityGate"/> is judged.</summary>
    public long MinLabels { get; init; } = 100;

    /// <summary>Shadow: the fraction of requests mirrored to the shadow, in (0, 1].</summary>
    public double ShadowFraction { get; init; } = 1.0;

    /// <summary>A/B: variant B's share of traffic, in (0, 1).</summary>
    public double VariantShare { get; init; } = 0.5;

    /// <summary>
    /// A/B (and optionally canary): the name of the request field whose value keeps a caller on one variant; requests
    /// without it are split at random.
    /// </summary>
    public string? StickyKey { get; init; }
}
