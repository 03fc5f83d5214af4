using System.Globalization;
using Keel.Data;
using Keel.Learning;

namespace Keel.Monitoring.Drift;

/// <summary>
/// Predictions as a column typed like the training label, so their profile compares with the label's profile in a
/// model's reference (prediction drift against the training label distribution: the model file keeps no profile of
/// its own training predictions).
/// </summary>
public static class PredictionColumn
{
    /// <summary>
    /// A column named <paramref name="name"/> of type <paramref name="labelType"/>: the predicted class (as a number or
    /// a boolean when the label was read as one), or the predicted value of a regression.
    /// </summary>
    public static Column Of(string name, Predictions predictions, ColumnType labelType)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Values is { } values)
        {
            return new NumericColumn(name, values);
        }
        var codes = predictions.ClassCodes!;
        var classes = predictions.Classes;
        switch (labelType)
        {
            case ColumnType.Numeric:
                var numbers = new double[codes.Length];
                for (var i = 0; i < codes.Length; i++)
                {
                    numbers[i] = double.TryParse(classes[codes[i]], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                }
                return new NumericColumn(name, numbers);
            case ColumnType.Boolean:
                var flags = new sbyte[codes.Length];
                for (var i = 0; i < codes.Length; i++)
                {
                    flags[i] = bool.TryParse(classes[codes[i]], out var b) ? (sbyte)(b ? 1 : 0) : (sbyte)-1;
                }
                return new BooleanColumn(name, flags);
            default:
                return new CategoricalColumn(name, (int[])codes.Clone(), classes);
        }
    }
}
