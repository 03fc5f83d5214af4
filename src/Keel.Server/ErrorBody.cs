namespace Keel.Server;

/// <summary>The Open Inference Protocol's error answer: <c>{"error": "..."}</c>.</summary>
/// <param name="Error">What went wrong, naming the field and row where there is one.</param>
public sealed record ErrorBody(string Error);
