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
    public const string Time = LabelledSplit.Time;

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
        (int[] Train, int[] Test, string Method) split;
        try
        {
            split = LabelledSplit.Split(frame, label, request.Split, request.Fraction, request.TimeColumn, seed, "--time-column");
        }
        catch (ArgumentException e)
        {
            throw new UserException($"--holdout {request.Fraction.ToString(CultureInfo.InvariantCulture)} ({request.Split ?? LabelledSplit.DefaultMethod(label.Task)}): {e.Message}");
        }
        var labelled = split.Train.Length + split.Test.Length;
        return new Result(FrameRows.Select(frame, split.Train), FrameRows.Select(frame, split.Test), frame.RowCount - labelled,
            new HoldoutLineage(request.Fraction, split.Method, split.Test.Length, seed, request.TimeColumn));
    }
}
