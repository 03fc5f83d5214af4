using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>
/// Puts logged rows' inputs back into the JSON objects they were received as. A row stored with an
/// <c>inputs_columns</c> id holds its values alone (a JSON array); the names come from that
/// <c>inference_log_columns</c> row, read once per id on the reader's own connection and transaction, and are paired with
/// the values in order, each as the exact JSON text that was logged, so the object is byte for byte the one a row stored
/// with its names holds. Not thread-safe.
/// </summary>
internal sealed class LoggedInputs(SqliteConnection connection, SqliteTransaction? transaction)
{
    private readonly Dictionary<long, byte[][]> _names = [];

    /// <summary>
    /// The inputs of the row <paramref name="predictionId"/> as a JSON object, from its <c>inputs_json</c>
    /// (<paramref name="inputs"/>) and <c>inputs_columns</c> (<paramref name="columns"/>: null when the inputs are the
    /// object already).
    /// </summary>
    /// <exception cref="InvalidDataException">The stored values do not match their columns.</exception>
    public async ValueTask<string> ObjectAsync(string predictionId, string inputs, long? columns, CancellationToken cancellationToken)
    {
        if (columns is not { } id)
        {
            return inputs;
        }
        if (!_names.TryGetValue(id, out var names))
        {
            using var select = MetadataStore.Command(connection, transaction, "SELECT names_json FROM inference_log_columns WHERE id = @id");
            var json = await select.Bind("@id", id).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string
                ?? throw new InvalidDataException($"the inference log's row {predictionId} names input columns {id}, which the store does not hold");
            names = ParseNames(json, id);
            _names.Add(id, names);
        }
        return ToObject(names, inputs, predictionId);
    }

    /// <summary>Each name of a JSON array of strings as its JSON text (quotes and escapes included), UTF-8.</summary>
    internal static byte[][] ParseNames(string json, long id)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var names = new List<byte[]>();
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    names.Add(bytes[(int)reader.TokenStartIndex..(int)reader.BytesConsumed]);
                }
                if (reader.TokenType == JsonTokenType.EndArray && !reader.Read())
                {
                    return [.. names];
                }
            }
        }
        catch (JsonException)
        {
        }
        throw new InvalidDataException($"the inference log's input columns {id} are not a JSON array of names");
    }

    /// <summary>The object pairing <paramref name="names"/> (as <see cref="ParseNames"/> gives them) with the values of the JSON array <paramref name="values"/>.</summary>
    internal static string ToObject(byte[][] names, string values, string predictionId)
    {
        var bytes = Encoding.UTF8.GetBytes(values);
        var output = new ArrayBufferWriter<byte>(bytes.Length + names.Sum(n => n.Length + 2) + 2);
        var reader = new Utf8JsonReader(bytes);
        var count = 0;
        var isArray = false;
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                output.Write("{"u8);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip(); // past a nested object or array to its end; a single token stays where it is
                    if (count < names.Length)
                    {
                        output.Write(count == 0 ? ""u8 : ","u8);
                        output.Write(names[count]);
                        output.Write(":"u8);
                        output.Write(bytes.AsSpan(start, (int)reader.BytesConsumed - start));
                    }
                    count++;
                }
                output.Write("}"u8);
                isArray = reader.TokenType == JsonTokenType.EndArray && !reader.Read();
            }
        }
        catch (JsonException)
        {
            isArray = false;
        }
        if (isArray && count == names.Length)
        {
            return Encoding.UTF8.GetString(output.WrittenSpan);
        }
        throw new InvalidDataException(isArray
            ? $"the inference log's row {predictionId} holds {count} input values for {names.Length} columns"
            : $"the inference log's row {predictionId} holds inputs that are not a JSON array of values");
    }
}
