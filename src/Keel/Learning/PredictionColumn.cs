using Keel.Data;
using Keel.Data.Profiles;

namespace Keel.Learning;

/// <summary>
/// The model output prediction drift watches, as a one-column frame named <see cref="Name"/>: the positive class's
/// probability for a binary classifier (a score moves before the thresholded class does), the predicted class for a
/// multiclass one, the predicted value for a regression. A model keeps the profile of this column over its training
/// rows (<see cref="Model.PredictionProfile"/>); monitoring profiles the same column over current data.
/// </summary>
public static class PredictionColumn
{
    /// <summary>The column's name.</summary>
    public const string Name = "prediction";

    /// <summary>The predictions as a one-column frame.</summary>
    public static Frame Of(Predictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        Column column;
        if (predictions.Values is { } values)
        {
            column = new NumericColumn(Name, values);
        }
        else if (predictions.Classes.Count == 2)
        {
            var positive = new double[predictions.Rows];
            for (var i = 0; i < positive.Length; i++)
            {
                positive[i] = predictions.Probabilities![(2 * i) + 1];
            }
            column = new NumericColumn(Name, positive);
        }
        else
        {
            column = new CategoricalColumn(Name, (int[])predictions.ClassCodes!.Clone(), predictions.Classes);
        }
        return new Frame(column.Type == ColumnType.Numeric ? NumericSchema : CategoricalSchema, [column], predictions.Rows);
    }

    // Schemas are immutable: the two shapes are built once rather than for every scored batch.
    private static readonly Schema NumericSchema = new([new ColumnSchema(Name, ColumnType.Numeric)]);
    private static readonly Schema CategoricalSchema = new([new ColumnSchema(Name, ColumnType.Categorical)]);

    /// <summary>The profile of a model's predictions on <paramref name="rows"/> (what <see cref="Model.PredictionProfile"/> holds).</summary>
    public static DatasetProfile Profile(Model model, Frame rows, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        var frame = Of(model.Predict(rows));
        var builder = new ProfileBuilder(frame.Schema, options);
        builder.Add(frame);
        return builder.Build();
    }
}
