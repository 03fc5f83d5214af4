using System.Globalization;
using System.Text.Json;

namespace Keel.Learning;

/// <summary>Where a model came from: its training (and validation) data and when it was made.</summary>
/// <param name="TrainingData">The training data as named by the user (a file or NAME:VERSION).</param>
/// <param name="TrainingContent">The training data's content id (sha256:…), when known.</param>
/// <param name="ValidationData">The validation data, when one was given.</param>
/// <param name="CreatedAt">When training finished (from the injected clock).</param>
public sealed record ModelLineage(string TrainingData, string? TrainingContent, string? ValidationData, DateTimeOffset CreatedAt)
{
    /// <summary>When the validation rows were held out of the training data rather than given separately, how.</summary>
    public HoldoutLineage? Holdout { get; init; }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("training_data", TrainingData);
        if (TrainingContent is not null)
        {
            w.WriteString("training_content", TrainingContent);
        }
        if (ValidationData is not null)
        {
            w.WriteString("validation_data", ValidationData);
        }
        if (Holdout is not null)
        {
            w.WritePropertyName("holdout");
            Holdout.Write(w);
        }
        w.WriteString("created_at", CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    internal static ModelLineage Read(JsonElement json) => new(
        json.GetProperty("training_data").GetString()!,
        json.TryGetProperty("training_content", out var c) ? c.GetString() : null,
        json.TryGetProperty("validation_data", out var v) ? v.GetString() : null,
        DateTimeOffset.Parse(json.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))
    {
        Holdout = json.TryGetProperty("holdout", out var h) ? HoldoutLineage.Read(h) : null,
    };
}
