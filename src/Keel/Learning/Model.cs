using System.Text.Json;
using Keel.Data;
using Keel.Data.Profiles;
using Keel.Learning.Predictors;
using Keel.Learning.Transforms;

namespace Keel.Learning;

/// <summary>
/// A trained model: the label and feature encoders, the learner, the input schema, the reference profile of its
/// training data, its metrics and where it came from. Saved in one <see cref="ModelFile"/> (checksummed) and scored
/// by the same code wherever it is used. Immutable and thread-safe.
/// </summary>
public sealed class Model
{
    /// <summary>Creates a model from its parts.</summary>
    public Model(
        LabelEncoder label,
        TransformPipeline transforms,
        FeatureEncoder features,
        IPredictor predictor,
        Schema inputSchema,
        DatasetProfile? referenceProfile,
        IReadOnlyDictionary<string, double> metrics,
        IReadOnlyDictionary<string, string> parameters,
        ModelLineage lineage)
    {
        Label = label;
        Transforms = transforms;
        Features = features;
        Predictor = predictor;
        InputSchema = inputSchema;
        ReferenceProfile = referenceProfile;
        Metrics = metrics;
        Parameters = parameters;
        Lineage = lineage;
    }

    /// <summary>The learner's name (gbdt, logistic, linear, forest).</summary>
    public string Algorithm => Predictor.Algorithm;

    /// <summary>Binary, multiclass or regression.</summary>
    public LearningTask Task => Label.Task;

    /// <summary>The label column and its classes.</summary>
    public LabelEncoder Label { get; }

    /// <summary>The fitted pre-processing, applied before the features are encoded.</summary>
    public TransformPipeline Transforms { get; }

    /// <summary>How input columns become features.</summary>
    public FeatureEncoder Features { get; }

    /// <summary>The fitted learner.</summary>
    public IPredictor Predictor { get; }

    /// <summary>The columns the model was trained on (label included), as read.</summary>
    public Schema InputSchema { get; }

    /// <summary>The profile of the training data: the reference for drift monitoring.</summary>
    public DatasetProfile? ReferenceProfile { get; }

    /// <summary>
    /// The profile of the model's own predictions on its validation rows, or its training rows when it had none (one
    /// column, see <see cref="PredictionColumn"/>): the reference for prediction drift. Training-row predictions of a
    /// flexible learner are sharper than on new data, so train with validation data for a fair reference. Null for
    /// models trained before it was kept.
    /// </summary>
    public DatasetProfile? PredictionProfile { get; init; }

    /// <summary>Metrics measured at training time (e.g. on the validation data), by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The hyperparameters as given.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Where the model came from.</summary>
    public ModelLineage Lineage { get; }

    /// <summary>Scores <paramref name="frame"/>: transforms → feature encoding → predictor → output link.</summary>
    /// <exception cref="ArgumentException">A feature column is missing or has an incompatible type.</exception>
    /// <exception cref="TransformException">A transform cannot be applied (the message names the column).</exception>
    public Predictions Predict(Frame frame)
    {
        var x = Features.Encode(Transforms.Apply(frame));
        var raw = new double[x.Rows * Predictor.Outputs];
        Predictor.PredictRaw(x, raw);
        if (Task == LearningTask.Regression)
        {
            return new Predictions(x.Rows, [], null, null, raw);
        }
        var classes = Label.Classes.Count;
        var probabilities = new double[x.Rows * classes];
        OutputLink.Probabilities(Task, raw, classes, probabilities);
        var codes = new int[x.Rows];
        for (var r = 0; r < codes.Length; r++)
        {
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                if (probabilities[(r * classes) + k] > probabilities[(r * classes) + best])
                {
                    best = k;
                }
            }
            codes[r] = best;
        }
        return new Predictions(x.Rows, Label.Classes, probabilities, codes, null);
    }

    /// <summary>Saves the model (atomically, with a checksum).</summary>
    public void Save(string path) => ModelFile.Write(path, WritePayload);

    /// <summary>Loads a model saved by <see cref="Save"/>, verifying its checksum.</summary>
    /// <exception cref="InvalidDataException">Not a model, damaged, or from an unknown algorithm; the message says which.</exception>
    public static Model Load(string path)
    {
        using var doc = ModelFile.Read(path);
        var root = doc.RootElement;
        try
        {
            var algorithm = Required(root, "algorithm").GetString()!;
            var task = Enum.Parse<LearningTask>(Required(root, "task").GetString()!, ignoreCase: true);
            var label = Required(root, "label");
            var labelEncoder = LabelEncoder.FromClasses(
                Required(label, "column").GetString()!, task,
                Required(label, "classes").EnumerateArray().Select(e => e.GetString()!).ToArray());
            var features = Required(root, "features").EnumerateArray().Select(f => new FeatureSpec(
                Required(f, "name").GetString()!,
                Enum.Parse<FeatureKind>(Required(f, "kind").GetString()!, ignoreCase: true),
                Required(f, "categories").EnumerateArray().Select(c => c.GetString()!).ToArray())).ToArray();
            var predictor = ReadPredictor(algorithm, Required(root, "predictor"));
            var transforms = TransformPipeline.ReadJson(Required(root, "transforms"));
            var schema = SchemaJson.Deserialize(Required(root, "input_schema").GetRawText());
            var profile = root.TryGetProperty("reference_profile", out var p) && p.ValueKind == JsonValueKind.Object
                ? DatasetProfile.FromJson(p.GetRawText())
                : null;
            var metrics = Required(root, "metrics").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble());
            var parameters = Required(root, "parameters").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString() ?? "");
            var lineage = ModelLineage.Read(Required(root, "lineage"));
            var predictionProfile = root.TryGetProperty("prediction_profile", out var pp) && pp.ValueKind == JsonValueKind.Object
                ? DatasetProfile.FromJson(pp.GetRawText())
                : null;
            return new Model(labelEncoder, transforms, FeatureEncoder.FromSpecs(features), predictor, schema, profile, metrics, parameters, lineage)
            {
                PredictionProfile = predictionProfile,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException or JsonException)
        {
            throw new InvalidDataException($"{path}: the model file's content is not valid: {ex.Message}", ex);
        }
    }

    private static IPredictor ReadPredictor(string algorithm, JsonElement json) => algorithm switch
    {
        LogisticPredictor.Name => LogisticPredictor.Read(json),
        LinearPredictor.Name => LinearPredictor.Read(json),
        GbdtPredictor.Name => GbdtPredictor.Read(json),
        ForestPredictor.Name => ForestPredictor.Read(json),
        _ => throw new InvalidDataException($"unknown algorithm '{algorithm}' in the model file"),
    };

    private static JsonElement Required(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"model file: missing '{name}'");

    private void WritePayload(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("algorithm", Algorithm);
        w.WriteString("task", Task.ToString().ToLowerInvariant());
        w.WriteStartObject("label");
        w.WriteString("column", Label.Column);
        PredictorJson.WriteStrings(w, "classes", Label.Classes);
        w.WriteEndObject();
        w.WritePropertyName("transforms");
        Transforms.WriteJson(w);
        w.WriteStartArray("features");
        foreach (var f in Features.Features)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("kind", f.Kind.ToString().ToLowerInvariant());
            PredictorJson.WriteStrings(w, "categories", f.Categories);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WritePropertyName("predictor");
        Predictor.WriteJson(w);
        w.WritePropertyName("input_schema");
        w.WriteRawValue(SchemaJson.Serialize(InputSchema));
        if (ReferenceProfile is not null)
        {
            w.WritePropertyName("reference_profile");
            w.WriteRawValue(ReferenceProfile.ToJson());
        }
        if (PredictionProfile is not null)
        {
            w.WritePropertyName("prediction_profile");
            w.WriteRawValue(PredictionProfile.ToJson());
        }
        w.WriteStartObject("metrics");
        foreach (var (name, value) in Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (double.IsFinite(value))
            {
                w.WriteNumber(name, value);
            }
        }
        w.WriteEndObject();
        w.WriteStartObject("parameters");
        foreach (var (name, value) in Parameters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            w.WriteString(name, value);
        }
        w.WriteEndObject();
        w.WritePropertyName("lineage");
        Lineage.Write(w);
        w.WriteEndObject();
    }
}
