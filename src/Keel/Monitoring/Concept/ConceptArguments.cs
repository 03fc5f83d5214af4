namespace Keel.Monitoring.Concept;

/// <summary>Argument checks shared by the detectors, kept out of their update paths.</summary>
internal static class ConceptArguments
{
    public static void Finite(double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value);
        }
    }

    public static void Bit(double value)
    {
        if (value is not (0 or 1))
        {
            ThrowNotBit(value);
        }
    }

    private static void ThrowNotFinite(double value) =>
        throw new ArgumentException($"a detector needs finite values, got {value}", nameof(value));

    private static void ThrowNotBit(double value) =>
        throw new ArgumentException($"DDM reads an error stream of 0 (right) and 1 (wrong), got {value}", nameof(value));
}
