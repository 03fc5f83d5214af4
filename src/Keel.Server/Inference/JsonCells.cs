using System.Text.Json;
using Keel.Serving;

namespace Keel.Server.Inference;

/// <summary>Reads request values from JSON into <see cref="Cell"/>s, the same way for every protocol.</summary>
internal static class JsonCells
{
    public static Cell From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetDouble(out var d) ? Cell.Of(d) : Cell.Of(value.GetRawText()),
        JsonValueKind.String => Cell.Of(value.GetString()),
        JsonValueKind.True => Cell.Of(true),
        JsonValueKind.False => Cell.Of(false),
        JsonValueKind.Null or JsonValueKind.Undefined => Cell.Missing,
        _ => Cell.Nested,
    };

    /// <summary>"an object", "a string", … for messages about the request's structure.</summary>
    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
