namespace Keel.Monitoring.Drift;

/// <summary>A per-column drift test. <see cref="Auto"/> picks one the way Evidently does by default (see <see cref="DriftMethods.Choose"/>).</summary>
public enum DriftMethod
{
    /// <summary>Evidently's default choice by column type, reference size and distinct values.</summary>
    Auto,

    /// <summary>Population stability index; drift when PSI ≥ threshold (default 0.1).</summary>
    Psi,

    /// <summary>Two-sample Kolmogorov–Smirnov, numeric only; drift when p &lt; threshold (default 0.05).</summary>
    KolmogorovSmirnov,

    /// <summary>χ² goodness of fit of current counts to reference proportions; drift when p &lt; threshold (default 0.05).</summary>
    ChiSquare,

    /// <summary>Jensen–Shannon distance, base 2; drift when distance ≥ threshold (default 0.1).</summary>
    JensenShannon,

    /// <summary>Wasserstein distance over the reference's standard deviation, numeric only; drift when ≥ threshold (default 0.1).</summary>
    Wasserstein,

    /// <summary>Two-proportion z-test (first value vs the rest); drift when p &lt; threshold (default 0.05).</summary>
    ZTest,
}
