namespace Keel.Monitoring.Windows;

/// <summary>One closed monitoring window as the history keeps it.</summary>
/// <param name="Deployment">The deployment that served the predictions, or "" for a model served directly.</param>
/// <param name="Role">primary, candidate or shadow; "" without a deployment.</param>
/// <param name="ModelName">The model's name.</param>
/// <param name="ModelVersion">The model's version.</param>
/// <param name="Start">When the window opened.</param>
/// <param name="End">When it closed.</param>
/// <param name="Rows">Predictions in it.</param>
/// <param name="DatasetDrift">Whether the dataset drifted.</param>
/// <param name="DriftShare">The share of drifted features.</param>
/// <param name="PredictionStatistic">The prediction drift statistic, or null when the model keeps no prediction profile.</param>
/// <param name="PredictionDrift">Whether the predictions drifted, or null.</param>
/// <param name="ReportJson">The whole drift report (<see cref="Drift.DriftReportJson"/>).</param>
public sealed record WindowRecord(
    string Deployment, string Role, string ModelName, string ModelVersion, DateTimeOffset Start, DateTimeOffset End, long Rows,
    bool DatasetDrift, double DriftShare, double? PredictionStatistic, bool? PredictionDrift, string ReportJson);
