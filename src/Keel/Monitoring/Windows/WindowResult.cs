using Keel.Monitoring.Drift;

namespace Keel.Monitoring.Windows;

/// <summary>One closed window: its span, its rows, and its drift against the reference.</summary>
/// <param name="Start">When its first pane opened.</param>
/// <param name="End">When it closed.</param>
/// <param name="Rows">Predictions in it.</param>
/// <param name="Drift">Per-feature verdicts, the dataset verdict and prediction drift (when the model keeps a prediction profile).</param>
public sealed record WindowResult(DateTimeOffset Start, DateTimeOffset End, long Rows, DriftReport Drift);
