namespace Keel.Monitoring.Drift;

/// <summary>The two datasets cannot be compared as asked: a column missing or typed differently, or a test that does not fit a column.</summary>
public sealed class DriftInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DriftInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DriftInputException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DriftInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
