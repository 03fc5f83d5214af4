namespace Keel.Serving;

/// <summary>What kind of value a <see cref="Cell"/> holds, as the request wrote it.</summary>
public enum CellKind : byte
{
    /// <summary>No value (JSON null, an absent key, an empty or missing-token CSV field).</summary>
    Missing,
    /// <summary>A JSON number.</summary>
    Number,
    /// <summary>A JSON string or a CSV field.</summary>
    String,
    /// <summary>A JSON boolean.</summary>
    Boolean,
    /// <summary>A JSON object or array where one value was expected.</summary>
    Nested,
}

/// <summary>
/// One value of a scoring request before it is checked against the model's schema: what the client sent, with its
/// JSON kind, so that the binder can say "expected a number, got the string "abc"". A small struct: requests hold
/// them in arrays, one per column, with no per-cell object.
/// </summary>
public readonly record struct Cell(CellKind Kind, double Number, string? Text)
{
    /// <summary>The missing value.</summary>
    public static Cell Missing => default;

    /// <summary>A number.</summary>
    public static Cell Of(double value) => new(CellKind.Number, value, null);

    /// <summary>A string (null is missing).</summary>
    public static Cell Of(string? value) => value is null ? default : new(CellKind.String, 0, value);

    /// <summary>A boolean.</summary>
    public static Cell Of(bool value) => new(CellKind.Boolean, value ? 1 : 0, null);

    /// <summary>An object or array where a single value belongs.</summary>
    public static Cell Nested => new(CellKind.Nested, 0, null);
}
