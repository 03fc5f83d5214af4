using Keel.Data;

namespace Keel.Learning.Validation;

/// <summary>
/// Splits the labelled rows of a frame into training and held-out rows with <see cref="Holdout"/>'s splitters:
/// random, stratified by class, or by time (the latest rows held out). Used by <c>keel train --holdout</c> and by
/// a pipeline's <c>split</c> step, so both split alike.
/// </summary>
public static class LabelledSplit
{
    /// <summary>Uniformly random.</summary>
    public const string Random = "random";

    /// <summary>Keeps each class's share.</summary>
    public const string Stratified = "stratified";

    /// <summary>The latest rows by a time column are held out.</summary>
    public const string Time = "time";

    /// <summary>The split method used when none is given: stratified for classification, random for regression.</summary>
    public static string DefaultMethod(LearningTask task) => task == LearningTask.Regression ? Random : Stratified;

    /// <summary>Indices of the rows that have a value in <paramref name="label"/>.</summary>
    public static int[] LabelledRows(Frame frame, string label)
    {
        var column = frame[label];
        var rows = new List<int>(frame.RowCount);
        for (var r = 0; r < frame.RowCount; r++)
        {
            if (!column.IsMissing(r))
            {
                rows.Add(r);
            }
        }
        return [.. rows];
    }

    /// <summary>
    /// Splits the labelled rows; returns frame row indices (ascending in each set) and the method used.
    /// <paramref name="timeOption"/> is how messages name the time column's setting (e.g. <c>--time-column</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The split does not fit the data (a regression label to stratify, an unusable time column, too few rows); the message says why.</exception>
    public static (int[] Train, int[] Test, string Method) Split(
        Frame frame, LabelEncoder label, string? method, double fraction, string? timeColumn, int seed, string timeOption = "time_column")
    {
        var labelled = LabelledRows(frame, label.Column);
        var split = method ?? DefaultMethod(label.Task);
        var positions = split switch
        {
            Random => Holdout.Random(labelled.Length, fraction, seed),
            Stratified => Holdout.Stratified(Classes(frame, label, labelled), fraction, seed),
            Time => Holdout.TimeOrdered(TimeKeys(frame, timeColumn ?? throw new ArgumentException($"a time split needs {timeOption} naming a timestamp or numeric column"), labelled, timeOption), fraction),
            _ => throw new ArgumentException($"unknown split method '{split}'; expected random, stratified or time"),
        };
        // The splitters index the labelled rows; map back to the frame's rows.
        return (Array.ConvertAll(positions.Train, i => labelled[i]), Array.ConvertAll(positions.Test, i => labelled[i]), split);
    }

    private static int[] Classes(Frame frame, LabelEncoder label, int[] labelled)
    {
        if (label.Task == LearningTask.Regression)
        {
            throw new ArgumentException($"a stratified split needs a class label; '{label.Column}' is a regression target: use a random or time split");
        }
        return label.EncodeClasses(FrameRows.Select(frame, labelled));
    }

    /// <summary>
    /// The time column's values on the labelled rows as order-preserving integers: UTC ticks for a timestamp column;
    /// for a numeric one, the IEEE bits flipped so that integer order is numeric order (so 1.5 and 1.25 stay apart).
    /// </summary>
    private static long[] TimeKeys(Frame frame, string name, int[] labelled, string timeOption)
    {
        var index = frame.Schema.IndexOf(name);
        if (index < 0)
        {
            throw new ArgumentException($"{timeOption} '{name}' is not in the data; expected a timestamp or numeric column");
        }
        var column = frame.Columns[index];
        if (column is not (TimestampColumn or NumericColumn))
        {
            throw new ArgumentException($"{timeOption} '{name}' is {column.Type.ToString().ToLowerInvariant()}; expected a timestamp or numeric column");
        }
        var keys = new long[labelled.Length];
        var missing = 0;
        for (var i = 0; i < labelled.Length; i++)
        {
            var r = labelled[i];
            missing += column.IsMissing(r) ? 1 : 0;
            keys[i] = column is TimestampColumn t ? t.Ticks[r] : OrderedBits(((NumericColumn)column).Values[r]);
        }
        if (missing > 0)
        {
            throw new ArgumentException($"{timeOption} '{name}' has no value in {missing:N0} labelled rows; a time split needs a time on every row");
        }
        return keys;
    }

    private static long OrderedBits(double value)
    {
        // +0.0 turns -0.0 into 0.0, so equal times get equal keys; negative doubles' bits sort backwards, hence the flip.
        var bits = BitConverter.DoubleToInt64Bits(value + 0.0);
        return bits >= 0 ? bits : bits ^ long.MaxValue;
    }
}
