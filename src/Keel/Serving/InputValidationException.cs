namespace Keel.Serving;

/// <summary>
/// A scoring request that does not fit the model: the message lists the first problems, each naming the column and
/// the row (or CSV line), and says how many more there were. Maps to HTTP 400.
/// </summary>
public sealed class InputValidationException : Exception
{
    /// <summary>Creates the exception from the problems found (already capped) and the total count.</summary>
    public InputValidationException(IReadOnlyList<string> problems, int total)
        : base(Summarise(problems, total))
    {
        Problems = problems;
        Total = total;
    }

    /// <summary>Creates the exception for one problem with the request as a whole (not a field).</summary>
    public InputValidationException(string problem)
        : this([problem], 1)
    {
    }

    /// <summary>The first problems found, at most <see cref="InputProblems.Cap"/>.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>How many problems there were in all.</summary>
    public int Total { get; }

    private static string Summarise(IReadOnlyList<string> problems, int total) =>
        total <= problems.Count
            ? string.Join("; ", problems)
            : $"{string.Join("; ", problems)}; and {total - problems.Count} more";
}
