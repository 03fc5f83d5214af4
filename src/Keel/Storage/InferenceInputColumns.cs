using System.Text.Json;

namespace Keel.Storage;

/// <summary>
/// The names of the input columns of logged rows, in the order each row gives its values. A row logged with them keeps
/// its inputs as a JSON array of values, and the store keeps the names once per set of columns (the
/// <c>inference_log_columns</c> table) instead of in every row; <see cref="InferenceLog"/> and
/// <see cref="InferenceLogReader"/> give the inputs as a JSON object again. Immutable: make one per schema and share it
/// between requests and threads.
/// </summary>
public sealed class InferenceInputColumns
{
    private readonly byte[] _json;

    /// <param name="names">The columns' names, in the order of the values.</param>
    public InferenceInputColumns(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var name in names)
            {
                json.WriteStringValue(name ?? throw new ArgumentException("a column name is null", nameof(names)));
            }
            json.WriteEndArray();
        }
        _json = buffer.ToArray();
    }

    /// <summary>The names as a JSON array of strings, UTF-8.</summary>
    internal ReadOnlySpan<byte> Utf8Json => _json;
}
