using System.Text.Json;
using Keel.Data.Reading;
using Keel.Server.Inference;
using Keel.Serving;
using Microsoft.AspNetCore.Http;

namespace Keel.Server.Mlflow;

/// <summary>
/// Reads the bodies MLflow's scoring server takes on <c>/invocations</c>: JSON with exactly one of
/// <c>dataframe_split</c> (<c>{"columns": [...], "data": [[...], ...]}</c>), <c>dataframe_records</c>
/// (<c>[{"col": value}, ...]</c>), <c>instances</c> or <c>inputs</c> (records, <c>{"col": [values]}</c>, or rows as
/// arrays in the model's feature order); or CSV with a header (<c>Content-Type: text/csv</c>), read by Keel's CSV
/// reader. A key a record lacks is a missing value.
/// </summary>
internal static class ScoringRequestReader
{
    private static readonly string[] Shapes = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    public static InputTable ReadJson(JsonElement root, InputBinder binder)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputValidationException($"the body must be a JSON object with one of {string.Join(", ", Shapes)}; got {JsonCells.KindName(root.ValueKind)}");
        }
        string? shape = null;
        JsonElement payload = default;
        foreach (var key in Shapes)
        {
            if (root.TryGetProperty(key, out var value))
            {
                if (shape is not null)
                {
                    throw new InputValidationException($"the body has both '{shape}' and '{key}'; send exactly one");
                }
                shape = key;
                payload = value;
            }
        }
        return shape switch
        {
            null => throw new InputValidationException($"the body must have one of {string.Join(", ", Shapes)}"),
            "dataframe_split" => FromSplit(payload, binder.Layout),
            "dataframe_records" => payload.ValueKind == JsonValueKind.Array
                ? FromRecords(payload, shape, binder)
                : throw new InputValidationException($"'dataframe_records' must be an array of objects, got {JsonCells.KindName(payload.ValueKind)}"),
            _ => FromTensorShape(payload, shape, binder),
        };
    }

    /// <summary>Reads a CSV body: the model's columns are read as text and converted by the binder like JSON strings.</summary>
    public static async Task<InputTable> ReadCsvAsync(Stream body, InputBinder binder, CancellationToken cancellationToken)
    {
        // The reader wants to scan blocks of the whole input; a request body is bounded by Kestrel's size limit.
        using var copy = new MemoryStream();
        try
        {
            await body.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            throw RequestJson.Unreadable(ex);
        }
        copy.Position = 0;
        var options = new ReadOptions { Pinned = binder.ColumnsAsText, IgnoreAbsentPinned = true, SourceName = "request body" };
        var frames = new List<Data.Frame>();
        try
        {
            using var reader = new CsvReader(copy, "request body", options);
            foreach (var frame in reader.ReadChunks(cancellationToken))
            {
                frames.Add(frame);
            }
        }
        catch (Data.DataFormatException ex)
        {
            throw new InputValidationException(ex.Message);
        }
        var rows = 0;
        foreach (var frame in frames)
        {
            rows += frame.RowCount;
        }
        var lines = new long[rows];
        var table = new InputTable(rows, lines, binder.Layout);
        var offset = 0;
        foreach (var frame in frames)
        {
            for (var r = 0; r < frame.RowCount; r++)
            {
                lines[offset + r] = frame.LineOf(r);
            }
            foreach (var column in frame.Columns)
            {
                if (column is Data.TextColumn text && binder.Knows(column.Name))
                {
                    var cells = table.Column(column.Name, out _);
                    for (var r = 0; r < text.Length; r++)
                    {
                        cells[offset + r] = Cell.Of(text.Values[r]);
                    }
                }
            }
            offset += frame.RowCount;
        }
        return table;
    }

    private static InputTable FromSplit(JsonElement split, InputLayout layout)
    {
        if (split.ValueKind != JsonValueKind.Object
            || !split.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array
            || !split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new InputValidationException("'dataframe_split' must be an object {\"columns\": [names], \"data\": [[row values], ...]}");
        }
        var table = new InputTable(data.GetArrayLength(), layout: layout);
        var cells = new ArraySegment<Cell>[columns.GetArrayLength()];
        var c = 0;
        foreach (var name in columns.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                throw new InputValidationException($"'dataframe_split.columns[{c}]' must be a string, got {JsonCells.KindName(name.ValueKind)}");
            }
            cells[c] = table.Column(name.GetString()!, out var added);
            if (!added)
            {
                throw new InputValidationException($"'dataframe_split.columns' names '{name.GetString()}' twice");
            }
            c++;
        }
        var problems = new InputProblems();
        var r = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != cells.Length)
            {
                problems.Add((r, cells.Length, row.ValueKind), static s => s.ValueKind == JsonValueKind.Array
                    ? $"row {s.r + 1}: 'dataframe_split.data' rows must have {s.Length} values, one per column"
                    : $"row {s.r + 1}: expected an array of {s.Length} values, got {JsonCells.KindName(s.ValueKind)}");
            }
            else
            {
                var j = 0;
                foreach (var value in row.EnumerateArray())
                {
                    cells[j++][r] = JsonCells.From(value);
                }
            }
            r++;
        }
        problems.ThrowIfAny();
        return table;
    }

    private static InputTable FromRecords(JsonElement records, string shape, InputBinder binder)
    {
        var table = new InputTable(records.GetArrayLength(), layout: binder.Layout);
        var problems = new InputProblems();
        var r = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                problems.Add((r, shape, record.ValueKind), static s => $"row {s.r + 1}: '{s.shape}' holds objects, got {JsonCells.KindName(s.ValueKind)}");
            }
            else
            {
                var k = 0;
                foreach (var property in record.EnumerateObject())
                {
                    table.Column(NameOf(property, k++, table, binder), out _)[r] = JsonCells.From(property.Value);
                }
            }
            r++;
        }
        problems.ThrowIfAny();
        return table;
    }

    private static InputTable FromTensorShape(JsonElement payload, string shape, InputBinder binder)
    {
        if (payload.ValueKind == JsonValueKind.Object)
        {
            return FromColumns(payload, shape, binder.Layout);
        }
        if (payload.ValueKind != JsonValueKind.Array)
        {
            throw new InputValidationException($"'{shape}' must be an array of records, an array of rows, or an object of columns; got {JsonCells.KindName(payload.ValueKind)}");
        }
        var first = payload.GetArrayLength() > 0 ? payload[0].ValueKind : JsonValueKind.Object;
        return first == JsonValueKind.Array ? FromRows(payload, shape, binder) : FromRecords(payload, shape, binder);
    }

    private static InputTable FromColumns(JsonElement columns, string shape, InputLayout layout)
    {
        var rows = -1;
        foreach (var column in columns.EnumerateObject())
        {
            var length = column.Value.ValueKind == JsonValueKind.Array ? column.Value.GetArrayLength() : -1;
            if (length < 0 || (rows >= 0 && length != rows))
            {
                throw new InputValidationException(length < 0
                    ? $"'{shape}.{column.Name}' must be an array of values (one per row)"
                    : $"'{shape}.{column.Name}' has {length} values but the columns before it have {rows}");
            }
            rows = length;
        }
        var table = new InputTable(Math.Max(rows, 0), layout: layout);
        foreach (var column in columns.EnumerateObject())
        {
            var cells = table.Column(column.Name, out _);
            var r = 0;
            foreach (var value in column.Value.EnumerateArray())
            {
                cells[r++] = JsonCells.From(value);
            }
        }
        return table;
    }

    // A record's keys usually come in the same order in every row, and often in the model's column order: comparing the
    // key's bytes with the name expected at its position finds the string without allocating a new one per key and row.
    private static string NameOf(JsonProperty property, int position, InputTable table, InputBinder binder)
    {
        if (position < table.Names.Count && property.NameEquals(table.Names[position]))
        {
            return table.Names[position];
        }
        if (position < binder.Columns.Count && property.NameEquals(binder.Columns[position].Name))
        {
            return binder.Columns[position].Name;
        }
        return property.Name;
    }

    private static InputTable FromRows(JsonElement rows, string shape, InputBinder binder)
    {
        var features = binder.Features;
        var table = new InputTable(rows.GetArrayLength(), layout: binder.Layout);
        var cells = features.Select(f => table.Column(f.Name, out _)).ToArray();
        var problems = new InputProblems();
        var r = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != cells.Length)
            {
                problems.Add((r, shape, cells.Length, Names: binder), static s =>
                    $"row {s.r + 1}: '{s.shape}' rows must be arrays of {s.Length} values, the model's columns in order: {string.Join(", ", s.Names.Features.Select(f => f.Name))}");
            }
            else
            {
                var j = 0;
                foreach (var value in row.EnumerateArray())
                {
                    cells[j++][r] = JsonCells.From(value);
                }
            }
            r++;
        }
        problems.ThrowIfAny();
        return table;
    }
}
