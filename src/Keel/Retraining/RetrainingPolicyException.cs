namespace Keel.Retraining;

/// <summary>A retraining policy file that is not valid: every problem found, each as <c>file:line:column: where: problem</c>.</summary>
public sealed class RetrainingPolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetrainingPolicyException(string sourceName, IReadOnlyList<string> errors)
        : base($"{sourceName}: {errors.Count} problem{(errors.Count == 1 ? "" : "s")}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
    {
        SourceName = sourceName;
        Errors = errors;
    }

    /// <summary>The file, as named in messages.</summary>
    public string SourceName { get; }

    /// <summary>Each problem, with its line and column.</summary>
    public IReadOnlyList<string> Errors { get; }
}
