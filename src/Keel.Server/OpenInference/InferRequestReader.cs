using System.Text.Json;
using Keel.Server.Inference;
using Keel.Serving;

namespace Keel.Server.OpenInference;

/// <summary>
/// Reads an Open Inference Protocol v2 inference request (<c>{"id", "parameters", "inputs": [{"name", "shape",
/// "datatype", "data"}], "outputs"}</c>) into rows. Two layouts: one tensor per column, each of shape [N] or [N, 1];
/// or a single 2-D tensor [N, C] (named anything but a column) holding the model's feature columns in schema order.
/// <c>data</c> may be flat (row-major) or nested. Element kinds must match the datatype (BOOL booleans, BYTES strings,
/// the numeric types numbers); null is a missing value.
/// </summary>
internal static class InferRequestReader
{
    private static readonly HashSet<string> NumericTypes = new(StringComparer.Ordinal)
    {
        "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64",
    };

    public static InferRequest Read(JsonElement root, InputBinder binder)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputValidationException($"the body must be a JSON object with 'inputs', got {JsonCells.KindName(root.ValueKind)}");
        }
        string? id = null;
        if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw new InputValidationException("'id' must be a string");
        }
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
        {
            throw new InputValidationException("'inputs' must be a non-empty array of tensors {\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        var problems = new InputProblems();
        var tensors = new List<Tensor>(inputs.GetArrayLength());
        var i = 0;
        foreach (var input in inputs.EnumerateArray())
        {
            if (ReadTensor(input, i++, problems) is { } tensor)
            {
                tensors.Add(tensor);
            }
        }
        problems.ThrowIfAny();
        var table = IsMatrix(tensors, binder) ? FromMatrix(tensors[0], binder) : FromColumns(tensors, binder.Layout);
        return new InferRequest(id, table, ReadRequestedOutputs(root));
    }

    private static bool IsMatrix(List<Tensor> tensors, InputBinder binder)
    {
        if (tensors.Count != 1 || tensors[0].Shape.Length != 2)
        {
            return false;
        }
        foreach (var feature in binder.Features)
        {
            if (feature.Name == tensors[0].Name)
            {
                return false;
            }
        }
        return true;
    }

    private static InputTable FromMatrix(Tensor tensor, InputBinder binder)
    {
        var rows = (int)tensor.Shape[0];
        var width = (int)tensor.Shape[1];
        if (width != binder.Features.Count)
        {
            throw new InputValidationException(
                $"input '{tensor.Name}' has shape [{rows}, {width}], but the model takes {binder.Features.Count} columns in this order: {string.Join(", ", binder.Features.Select(f => f.Name))}");
        }
        var table = new InputTable(rows, layout: binder.Layout);
        for (var c = 0; c < width; c++)
        {
            var cells = table.Column(binder.Features[c].Name, out _);
            for (var r = 0; r < rows; r++)
            {
                cells[r] = tensor.Data[(r * width) + c];
            }
        }
        return table;
    }

    private static InputTable FromColumns(List<Tensor> tensors, InputLayout layout)
    {
        var rows = tensors[0].Shape[0];
        foreach (var tensor in tensors)
        {
            if (tensor.Shape.Length > 2 || (tensor.Shape.Length == 2 && tensor.Shape[1] != 1) || tensor.Shape.Length == 0)
            {
                throw new InputValidationException(
                    $"input '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}]: a column is [N] or [N, 1] (or send one [N, columns] tensor)");
            }
            if (tensor.Shape[0] != rows)
            {
                throw new InputValidationException($"input '{tensor.Name}' has {tensor.Shape[0]} rows but '{tensors[0].Name}' has {rows}");
            }
        }
        var table = new InputTable((int)rows, layout: layout);
        foreach (var tensor in tensors)
        {
            var cells = table.Column(tensor.Name, out var added);
            if (!added)
            {
                throw new InputValidationException($"input '{tensor.Name}' appears more than once");
            }
            tensor.Data.CopyTo(cells.AsSpan());
        }
        return table;
    }

    private static Tensor? ReadTensor(JsonElement input, int index, InputProblems problems)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"inputs[{index}] must be an object, got {JsonCells.KindName(input.ValueKind)}");
            return null;
        }
        var name = input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        var where = name is null ? $"inputs[{index}]" : $"input '{name}'";
        if (name is null)
        {
            problems.Add($"{where}: 'name' must be a string");
        }
        var datatype = input.TryGetProperty("datatype", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (datatype is null || (datatype is not ("BOOL" or "BYTES") && !NumericTypes.Contains(datatype)))
        {
            problems.Add($"{where}: 'datatype' must be one of BOOL, BYTES, INT8…INT64, UINT8…UINT64, FP16, FP32, FP64");
            datatype = null;
        }
        var shape = ReadShape(input, where, problems);
        if (!input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}: 'data' must be an array");
            return null;
        }
        if (name is null || datatype is null || shape is null)
        {
            return null;
        }
        var expected = 1L;
        foreach (var d in shape)
        {
            expected *= d;
        }
        if (expected > int.MaxValue)
        {
            problems.Add($"{where}: shape [{string.Join(", ", shape)}] is too large");
            return null;
        }
        var cells = new Cell[expected];
        var count = 0;
        if (!Flatten(data, cells, ref count))
        {
            problems.Add($"{where}: 'data' has more elements than shape [{string.Join(", ", shape)}] holds ({expected})");
            return null;
        }
        if (count != expected)
        {
            problems.Add($"{where}: 'data' has {count} elements but shape [{string.Join(", ", shape)}] holds {expected}");
            return null;
        }
        CheckKinds(cells, datatype, where, problems);
        return new Tensor(name, shape, cells);
    }

    private static long[]? ReadShape(JsonElement input, string where, InputProblems problems)
    {
        if (!input.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array || s.GetArrayLength() == 0)
        {
            problems.Add($"{where}: 'shape' must be a non-empty array of sizes");
            return null;
        }
        var shape = new long[s.GetArrayLength()];
        var i = 0;
        foreach (var d in s.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out shape[i]) || shape[i] < 0)
            {
                problems.Add($"{where}: 'shape' must hold non-negative integers");
                return null;
            }
            i++;
        }
        return shape;
    }

    // Row-major flattening of nested arrays; false when there are more elements than the shape holds.
    private static bool Flatten(JsonElement data, Cell[] cells, ref int count)
    {
        foreach (var element in data.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                if (!Flatten(element, cells, ref count))
                {
                    return false;
                }
                continue;
            }
            if (count == cells.Length)
            {
                return false;
            }
            cells[count++] = JsonCells.From(element);
        }
        return true;
    }

    private static void CheckKinds(Cell[] cells, string datatype, string where, InputProblems problems)
    {
        var expected = datatype switch { "BOOL" => CellKind.Boolean, "BYTES" => CellKind.String, _ => CellKind.Number };
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Kind != expected && cells[i].Kind != CellKind.Missing)
            {
                problems.Add((where, datatype, i, cells[i].Kind), static s => $"{s.where} is {s.datatype} but element {s.i} is {KindName(s.Kind)}");
            }
        }
    }

    private static string KindName(CellKind kind) => kind switch
    {
        CellKind.Number => "a number",
        CellKind.String => "a string",
        CellKind.Boolean => "a boolean",
        _ => "an object",
    };

    private static IReadOnlyList<string>? ReadRequestedOutputs(JsonElement root)
    {
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (outputs.ValueKind != JsonValueKind.Array)
        {
            throw new InputValidationException("'outputs' must be an array of {\"name\"}");
        }
        var names = new List<string>();
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
            {
                throw new InputValidationException("'outputs' must be an array of {\"name\"}");
            }
            names.Add(n.GetString()!);
        }
        return names;
    }

    private sealed record Tensor(string Name, long[] Shape, Cell[] Data);
}

/// <summary>An inference request as read: the client's id, the rows, and the outputs asked for (null: all).</summary>
internal sealed record InferRequest(string? Id, InputTable Input, IReadOnlyList<string>? Outputs);
