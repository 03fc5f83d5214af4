using System.Text.Json;
using Keel.Learning;
using Keel.Server.Inference;
using Keel.Serving;

namespace Keel.Server.OpenInference;

/// <summary>
/// Writes an OIP v2 inference response: <c>{"model_name", "model_version", "id", "parameters": {"inference_id"},
/// "outputs": [{"name", "shape", "datatype", "data"}]}</c>. <c>id</c> echoes the request's id, or is the inference id
/// when the request had none.
/// </summary>
internal static class InferResponseWriter
{
    public static byte[] Write(ScoredBatch batch, InferRequest request, IReadOnlyList<(string Name, string Datatype)> selected) =>
        JsonBody.Write((batch, request, selected), static (w, s) =>
        {
            var (batch, request, selected) = s;
            var p = batch.Predictions;
            w.WriteStartObject();
            w.WriteString("model_name", batch.Model.Name);
            w.WriteString("model_version", batch.Model.Version);
            w.WriteString("id", request.Id ?? batch.InferenceId);
            w.WriteStartObject("parameters");
            w.WriteString("inference_id", batch.InferenceId);
            w.WriteEndObject();
            w.WriteStartArray("outputs");
            foreach (var (name, datatype) in selected)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteStartArray("shape");
                w.WriteNumberValue(p.Rows);
                w.WriteEndArray();
                w.WriteString("datatype", datatype);
                w.WriteStartArray("data");
                WriteData(w, batch, name);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>The outputs to answer with: those <paramref name="requested"/> (all when null), checked before scoring.</summary>
    /// <exception cref="InputValidationException">A requested output does not exist.</exception>
    public static List<(string Name, string Datatype)> Select(ServedModel model, IReadOnlyList<string>? requested)
    {
        var outputs = OutputTensors.Of(model.Model);
        if (requested is null)
        {
            return [.. outputs];
        }
        var selected = new List<(string, string)>(requested.Count);
        foreach (var name in requested)
        {
            var index = -1;
            for (var i = 0; i < outputs.Count; i++)
            {
                if (outputs[i].Name == name)
                {
                    index = i;
                }
            }
            if (index < 0)
            {
                throw new InputValidationException($"unknown output '{name}'; the model's outputs are: {string.Join(", ", outputs.Select(o => o.Name))}");
            }
            selected.Add(outputs[index]);
        }
        return selected;
    }

    private static void WriteData(Utf8JsonWriter w, ScoredBatch batch, string name)
    {
        var p = batch.Predictions;
        if (name == OutputTensors.PredictionId)
        {
            for (var r = 0; r < p.Rows; r++)
            {
                w.WriteStringValue(batch.PredictionId(r));
            }
        }
        else if (name == PredictionJson.Prediction)
        {
            for (var r = 0; r < p.Rows; r++)
            {
                if (p.Values is { } values)
                {
                    PredictionJson.WriteNumber(w, values[r]);
                }
                else
                {
                    w.WriteStringValue(p.Classes[p.ClassCodes![r]]);
                }
            }
        }
        else
        {
            WriteProbabilities(w, p, ClassOf(p, name));
        }
    }

    private static int ClassOf(Predictions p, string output)
    {
        for (var c = 0; c < p.Classes.Count; c++)
        {
            if (output.Length == PredictionJson.ProbabilityPrefix.Length + p.Classes[c].Length && output.EndsWith(p.Classes[c], StringComparison.Ordinal))
            {
                return c;
            }
        }
        throw new InvalidOperationException($"output '{output}' is not one of the model's");
    }

    private static void WriteProbabilities(Utf8JsonWriter w, Predictions p, int c)
    {
        var k = p.Classes.Count;
        for (var r = 0; r < p.Rows; r++)
        {
            PredictionJson.WriteNumber(w, p.Probabilities![(r * k) + c]);
        }
    }
}
