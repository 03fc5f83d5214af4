namespace Keel.Monitoring.Alerts;

/// <summary>An alert instance moved from one state to another at <see cref="At"/>.</summary>
/// <param name="Alert">The alert after the move (its <see cref="Alert.State"/> is <paramref name="To"/>).</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="At">The evaluation time.</param>
public sealed record AlertTransition(Alert Alert, AlertState From, AlertState To, DateTimeOffset At);
