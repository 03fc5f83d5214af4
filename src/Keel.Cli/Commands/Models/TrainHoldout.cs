using System.Globalization;
using Keel.Data;
using Keel.Learning;
using Keel.Learning.Validation;

namespace Keel.Cli.Commands;

/// <summary>
/// <c>keel train --holdout</c>: holds a share of the labelled rows out of training as the validation set, split at
/// random, stratified by class, or by time (the latest rows), with <see cref="Holdout"/>'s splitters.
/// </summary>
internal static class TrainHoldout
{
    public const string Random = "random";
    public const string Stratified = "stratified";
    public const string Time = "time";

    /// <summary>What the user asked for; <see cref="Split"/> null = the default for the task.</summary>
    public sealed record Request(double Fraction, string? Split, string? TimeColumn);

    /// <summary>The labelled rows to train on, the held-out rows, the rows left out for want of a label, and how the split was made.</summary>
    public sealed record Result(Frame Train, Frame Validation, int UnlabelledRows, HoldoutLineage Lineage);

    /// <summary>Checks the options against each other before any data is read; null when there is no holdout.</summary>
    /// <exception cref="UserException">A combination that cannot work; the message says what to change.</exception>
    public static Request? Parse(double? fraction, string? split, string? timeColumn, bool hasValidationData)
    {
        if (fraction is not { } f)
        {
            if (split is not null || timeColumn is not null)
            {
                throw new UserException($"{(split is not null ? "--split" : "--time-column")} applies only with --holdout FRACTION");
            }
            return null;
        }
        if (hasValidationData)
        {
            throw new UserException("--holdout and --valid both give validation rows; use one of them");
        }
        if (!(f is > 0 and < 1))
        {
            throw new UserException($"--holdout must be a fraction in (0, 1), e.g. 0.2; got {f.ToString(CultureInfo.InvariantCulture)}");
        }
        if (split == Time && timeColumn is null)
        {
            throw new UserException("--split time needs --time-column COL naming a timestamp or numeric column");
        }
        if (timeColumn is not null && split is not (null or Time))
        {
            throw new UserException($"--time-column applies only to --split time, not --split {split}");
        }
        return new Request(f, timeColumn is not null ? Time : split, timeColumn);
    }

    /// <summary>Splits the labelled rows of <paramref name="frame"/>; <paramref name="seed"/> fixes the random and stratified draws.</summary>
    /// <exception cref="UserException">The split does not fit the data (a regression label to stratify, an unusable time column, too few rows).</exception>
    public static Result Split(Frame frame, LabelEncoder label, Request request, int seed)
    {
        var labelled = TrainCommand.LabelledRows(frame, label.Column);
        var split = request.Split ?? (label.Task == LearningTask.Regression ? Random : Stratified);
        (int[] Train, int[] Test) positions;
        try
        {
            positions = split switch
            {
                Random => Holdout.Random(labelled.Length, request.Fraction, seed),
                Stratified => Holdout.Stratified(Classes(frame, label, labelled), request.Fraction, seed),
                _ => Holdout.TimeOrdered(TimeKeys(frame, request.TimeColumn!, labelled), request.Fraction),
            };
        }
        catch (ArgumentException e)
        {
            throw new UserException($"--holdout {request.Fraction.ToString(CultureInfo.InvariantCulture)} ({split}): {e.Message}");
        }
        // The splitters index the labelled rows; map back to the frame's rows.
        var train = Array.ConvertAll(positions.Train, i => labelled[i]);
        var heldOut = Array.ConvertAll(positions.Test, i => labelled[i]);
        return new Result(FrameRows.Select(frame, train), FrameRows.Select(frame, heldOut), frame.RowCount - labelled.Length,
            new HoldoutLineage(request.Fraction, split, heldOut.Length, seed, request.TimeColumn));
    }

    private static int[] Classes(Frame frame, LabelEncoder label, int[] labelled)
    {
        if (label.Task == LearningTask.Regression)
        {
            throw new UserException($"--split stratified needs a class label; '{label.Column}' is a regression target: use --split random or time");
        }
        return label.EncodeClasses(FrameRows.Select(frame, labelled));
    }

    /// <summary>
    /// The time column's values on the labelled rows as order-preserving integers: UTC ticks for a timestamp column;
    /// for a numeric one, the IEEE bits flipped so that integer order is numeric order (so 1.5 and 1.25 stay apart).
    /// </summary>
    private static long[] TimeKeys(Frame frame, string name, int[] labelled)
    {
        var index = frame.Schema.IndexOf(name);
        if (index < 0)
        {
            throw new UserException($"--time-column '{name}' is not in the data; expected a timestamp or numeric column");
        }
        var column = frame.Columns[index];
        var keys = new long[labelled.Length];
        var missing = 0;
        for (var i = 0; i < labelled.Length; i++)
        {
            var r = labelled[i];
            missing += column.IsMissing(r) ? 1 : 0;
            keys[i] = column switch
            {
                TimestampColumn t => t.Ticks[r],
                NumericColumn n => OrderedBits(n.Values[r]),
                _ => throw new UserException($"--time-column '{name}' is {column.Type.ToString().ToLowerInvariant()}; expected a timestamp or numeric column"),
            };
        }
        if (missing > 0)
        {
            throw new UserException($"--time-column '{name}' has no value in {missing:N0} labelled rows; a time split needs a time on every row");
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
