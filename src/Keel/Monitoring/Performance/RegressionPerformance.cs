namespace Keel.Monitoring.Performance;

/// <summary>Realized performance of a regressor on a window of labelled predictions, in the target's unit.</summary>
/// <param name="Count">Predictions in the window.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
public sealed record RegressionPerformance(int Count, double Rmse, double Mae);
