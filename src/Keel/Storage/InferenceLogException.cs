namespace Keel.Storage;

/// <summary>Predictions could not be recorded (the log is closed, or the commit failed); the inner exception says why.</summary>
public sealed class InferenceLogException(string message, Exception? inner = null) : Exception(message, inner);
