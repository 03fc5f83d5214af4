using Keel.Data;
using Keel.Tests.Support;

namespace Keel.Tests.Data;

public sealed class FrameAppenderTests
{
    private static Frame Rows(long line, double[] x, string?[] city, string?[] note, bool?[] flag, string?[] at) => TestFrames.At(line,
        TestFrames.Numeric("x", x), TestFrames.Categorical("city", city), TestFrames.Text("note", note),
        TestFrames.Booleans("flag", flag), TestFrames.Timestamps("at", at));

    [Fact]
    public void Take_FramesOfEveryColumnType_HoldsTheirRowsInOrderWithOneDictionary()
    {
        var first = Rows(2, [1.5, double.NaN], ["Porto", null], ["a", null], [true, null], ["2026-01-02T03:04:05Z", null]);
        var second = Rows(9, [3], ["Lisboa"], ["c"], [false], ["2026-02-01T00:00:00Z"]);
        var third = Rows(20, [4, 5], ["Lisboa", "Porto"], [null, "e"], [null, true], [null, "2026-03-01T00:00:00Z"]);
        // Grows past its first capacity (2 rows) while appending.
        var appender = new FrameAppender(first.Schema, capacity: 2);
        foreach (var frame in new[] { first, second, third })
        {
            appender.Append(frame);
        }
        Assert.Equal(5, appender.Rows);

        var all = appender.Take();

        Assert.Equal(0, appender.Rows);
        Assert.Same(first.Schema, all.Schema);
        Assert.Equal(5, all.RowCount);
        Assert.Equal([1.5, double.NaN, 3, 4, 5], ((NumericColumn)all["x"]).Values);
        var city = (CategoricalColumn)all["city"];
        Assert.Equal(["Porto", "Lisboa"], city.Categories);
        Assert.Equal([0, -1, 1, 1, 0], city.Codes);
        Assert.Equal(new string?[] { "a", null, "c", null, "e" }, ((TextColumn)all["note"]).Values.AsEnumerable());
        Assert.Equal([(sbyte)1, -1, 0, -1, 1], ((BooleanColumn)all["flag"]).Values);
        Assert.Equal(["2026-01-02T03:04:05Z", null, "2026-02-01T00:00:00Z", null, "2026-03-01T00:00:00Z"],
            Enumerable.Range(0, 5).Select(r => all["at"].Format(r)));
        Assert.Equal([2L, 3, 9, 20, 21], all.LineNumbers!);
    }

    [Fact]
    public void Take_Twice_SecondFrameHoldsOnlyTheNewRowsAndTheFirstIsUntouched()
    {
        var appender = new FrameAppender(TestFrames.SchemaOf(TestFrames.Numeric("x"), TestFrames.Categorical("c")), capacity: 4);
        appender.Append(TestFrames.Of(TestFrames.Numeric("x", 1, 2), TestFrames.Categorical("c", "b", "a")));
        var first = appender.Take();
        appender.Append(TestFrames.Of(TestFrames.Numeric("x", 7), TestFrames.Categorical("c", "z")));
        var second = appender.Take();

        Assert.Equal([1.0, 2], ((NumericColumn)first["x"]).Values);
        Assert.Equal(["b", "a"], ((CategoricalColumn)first["c"]).Categories);
        Assert.Equal([7.0], ((NumericColumn)second["x"]).Values);
        Assert.Equal(["z"], ((CategoricalColumn)second["c"]).Categories);
        Assert.Equal([0], ((CategoricalColumn)second["c"]).Codes);
        Assert.Equal(0, appender.Take().RowCount);
    }

    [Fact]
    public void Take_BufferExactlyFull_HandsItOverAndTheNextRowsGoToANewOne()
    {
        var appender = new FrameAppender(TestFrames.SchemaOf(TestFrames.Numeric("x")), capacity: 2);
        appender.Append(TestFrames.Of(TestFrames.Numeric("x", 1, 2)));
        var full = (NumericColumn)appender.Take().Columns[0];
        appender.Append(TestFrames.Of(TestFrames.Numeric("x", 3, 4)));

        Assert.Equal([1.0, 2], full.Values);
        Assert.Equal([3.0, 4], ((NumericColumn)appender.Take().Columns[0]).Values);
    }

    [Fact]
    public void Append_AnotherSchema_ThrowsNamingBothAndKeepsTheRows()
    {
        var appender = new FrameAppender(TestFrames.SchemaOf(TestFrames.Numeric("x"), TestFrames.Numeric("y")));
        appender.Append(TestFrames.Of(TestFrames.Numeric("x", 1), TestFrames.Numeric("y", 2)));

        var error = Assert.Throws<ArgumentException>(() => appender.Append(TestFrames.Of(TestFrames.Numeric("x", 3))));

        Assert.Contains("columns (x) does not fit the schema (x, y)", error.Message, StringComparison.Ordinal);
        Assert.False(appender.Fits(TestFrames.SchemaOf(TestFrames.Numeric("x"), TestFrames.Text("y"))));
        Assert.True(appender.Fits(TestFrames.SchemaOf(TestFrames.Numeric("x"), TestFrames.Numeric("y"))));
        Assert.Equal(1, appender.Rows);
    }

    [Fact]
    public void Append_AbsentAsMissing_ColumnsMatchedByNameAndTheOthersMissing()
    {
        var all = Rows(1, [1], ["Porto"], ["a"], [true], ["2026-01-02T03:04:05Z"]);
        var appender = new FrameAppender(all.Schema);
        appender.Append(all, absentAsMissing: true);
        // Another order, and only two of the five columns.
        appender.Append(TestFrames.Of(TestFrames.Categorical("city", "Faro", "Porto"), TestFrames.Numeric("x", 2, 3)), absentAsMissing: true);

        var frame = appender.Take();

        Assert.Equal([1.0, 2, 3], ((NumericColumn)frame["x"]).Values);
        Assert.Equal(["Porto", "Faro", "Porto"], Enumerable.Range(0, 3).Select(r => frame["city"].Format(r)));
        Assert.Equal([false, true, true], Enumerable.Range(0, 3).Select(frame["note"].IsMissing));
        Assert.Equal([false, true, true], Enumerable.Range(0, 3).Select(frame["flag"].IsMissing));
        Assert.Equal([false, true, true], Enumerable.Range(0, 3).Select(frame["at"].IsMissing));
        var unknown = Assert.Throws<ArgumentException>(() => appender.Append(TestFrames.Of(TestFrames.Numeric("z", 1)), absentAsMissing: true));
        Assert.Contains("columns (z) does not fit", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => appender.Append(TestFrames.Of(TestFrames.Text("x", "1")), absentAsMissing: true));
        Assert.Equal(0, appender.Rows);
    }
}
