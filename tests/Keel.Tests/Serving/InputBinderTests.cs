using Keel.Data;
using Keel.Learning;
using Keel.Learning.Training;
using Keel.Serving;
using Keel.Tests.Support;

namespace Keel.Tests.Serving;

public sealed class InputBinderTests
{
    private static readonly Model s_model = Train();

    private static Model Train()
    {
        const int n = 60;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var plan = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "basic" : "plus").ToArray();
        var member = Enumerable.Range(0, n).Select(i => (bool?)(i % 3 == 0)).ToArray();
        var note = Enumerable.Range(0, n).Select(i => $"free text {i}").ToArray();
        var seen = Enumerable.Range(0, n).Select(i => $"2026-01-{1 + (i % 28):00}T10:00:00Z").ToArray();
        var y = Enumerable.Range(0, n).Select(i => i > 30 ? "yes" : "no").ToArray();
        var columns = new Column[]
        {
            TestFrames.Numeric("x", x), TestFrames.Categorical("plan", plan), TestFrames.Booleans("member", member),
            TestFrames.Text("note", note), TestFrames.Timestamps("seen", seen), TestFrames.Categorical("y", y),
        };
        var schema = new Schema(TestFrames.SchemaOf(columns).Columns.Select(c => c.Name switch
        {
            "y" => c with { Role = ColumnRole.Label },
            "seen" => c with { Role = ColumnRole.Timestamp },
            _ => c,
        }));
        var options = new TrainingOptions { Algorithm = "logistic", Label = "y" };
        return ModelTrainer.Train(new Frame(schema, columns, n), null, options, null, new ModelLineage("t", null, null, DateTimeOffset.UnixEpoch)).Model;
    }

    private static InputTable Table(int rows, params (string Name, Cell[] Cells)[] columns)
    {
        var table = new InputTable(rows);
        foreach (var (name, cells) in columns)
        {
            cells.CopyTo(table.Column(name, out _).AsSpan());
        }
        return table;
    }

    [Fact]
    public void Features_TextTheEncoderSkippedAndTheTimestamp_AreNotRequired()
    {
        var binder = new InputBinder(s_model);

        Assert.Equal(["x", "plan", "member"], binder.Features.Select(c => c.Name));
        Assert.Equal(["x", "plan", "member", "note", "seen"], binder.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Bind_LenientValues_ConvertByTheColumnsType()
    {
        var table = Table(3,
            ("x", [Cell.Of("2.5"), Cell.Of(4), Cell.Missing]),
            ("plan", [Cell.Of("plus"), Cell.Of(7), Cell.Of("gold")]),
            ("member", [Cell.Of("yes"), Cell.Of(0), Cell.Of(true)]),
            ("seen", [Cell.Of("2026-02-01T12:30:00+01:00"), Cell.Missing, Cell.Of("2026-02-02")]),
            ("unknown", [Cell.Of("ignored"), Cell.Missing, Cell.Missing]));

        var frame = new InputBinder(s_model).Bind(table);

        Assert.Equal([2.5, 4, double.NaN], ((NumericColumn)frame["x"]).Values);
        Assert.Equal(["plus", "7", "gold"], Enumerable.Range(0, 3).Select(frame["plan"].Format));
        Assert.Equal([1, 0, 1], ((BooleanColumn)frame["member"]).Values.Select(v => (int)v));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 11, 30, 0, TimeSpan.Zero).UtcTicks, ((TimestampColumn)frame["seen"]).Ticks[0]);
        Assert.Equal(TimestampColumn.Missing, ((TimestampColumn)frame["seen"]).Ticks[1]);
        Assert.Equal(-1, frame.Schema.IndexOf("unknown"));
        Assert.Equal(-1, frame.Schema.IndexOf("note"));
        // The binder's frame scores like the model's own input would: an unseen category ("gold") is missing to it.
        Assert.Equal(3, s_model.Predict(frame).Rows);
    }

    [Fact]
    public void Bind_WrongTypesAndMissingColumn_NamesEachRowAndColumn()
    {
        var table = Table(2,
            ("x", [Cell.Of(true), Cell.Of("abc")]),
            ("member", [Cell.Of("maybe"), Cell.Of(2)]),
            ("seen", [Cell.Of("yesterday"), Cell.Of(5)]),
            ("note", [Cell.Nested, Cell.Of("fine")]));

        var error = Assert.Throws<InputValidationException>(() => new InputBinder(s_model).Bind(table));

        Assert.Equal(
            [
                "row 1, column 'x': expected a number, got true",
                "row 2, column 'x': expected a number, got the string \"abc\"",
                "missing column 'plan' (categorical)",
                "row 1, column 'member': expected a boolean (true or false), got the string \"maybe\"",
                "row 2, column 'member': expected a boolean (true or false), got the number 2",
                "row 1, column 'note': expected a string, got an object or array",
                "row 1, column 'seen': expected a timestamp (ISO 8601), got the string \"yesterday\"",
                "row 2, column 'seen': expected a timestamp (ISO 8601), got the number 5",
            ],
            error.Problems);
        Assert.Equal(8, error.Total);
    }

    [Fact]
    public void Bind_CsvLines_AreCitedInsteadOfRows()
    {
        var table = new InputTable(1, [7]);
        table.Column("x", out _)[0] = Cell.Of("high");
        table.Column("plan", out _)[0] = Cell.Of("plus");
        table.Column("member", out _)[0] = Cell.Of("true");

        var error = Assert.Throws<InputValidationException>(() => new InputBinder(s_model).Bind(table));

        Assert.Equal("line 7, column 'x': expected a number, got the string \"high\"", error.Message);
    }

    private static InputTable OneRow(double x, string plan, bool withNote = true)
    {
        var columns = new List<(string, Cell[])> { ("x", [Cell.Of(x)]), ("plan", [Cell.Of(plan)]), ("member", [Cell.Of(true)]), ("seen", [Cell.Missing]) };
        if (withNote)
        {
            columns.Add(("note", [Cell.Of("hello")]));
        }
        return Table(1, [.. columns]);
    }

    [Fact]
    public void Bind_OneRowAfterARelease_RefillsTheReleasedNumericColumnsAndBuildsTheOthersAnew()
    {
        var binder = new InputBinder(s_model);
        var first = binder.Bind(OneRow(1.5, "basic"));
        var x = first["x"];
        var plan = first["plan"];
        binder.Release(first);

        var second = binder.Bind(OneRow(7.25, "plus"));

        Assert.Same(x, second["x"]);
        Assert.Equal([7.25], ((NumericColumn)second["x"]).Values);
        Assert.NotSame(plan, second["plan"]);
        Assert.Equal("plus", second["plan"].Format(0));
        Assert.Equal("basic", plan.Format(0));
        Assert.Equal(1, s_model.Predict(second).Rows);
    }

    [Fact]
    public void Bind_OneRowNotReleasedOrMultiRowOrPartial_NeverSharesColumns()
    {
        var binder = new InputBinder(s_model);
        var kept = binder.Bind(OneRow(1.5, "basic"));
        var next = binder.Bind(OneRow(2.5, "plus"));
        Assert.NotSame(kept["x"], next["x"]);
        Assert.Equal([1.5], ((NumericColumn)kept["x"]).Values);

        // A frame that left out an optional column takes a pooled row's columns with it: that row is not pooled again.
        binder.Release(next);
        var partial = binder.Bind(OneRow(3.5, "plus", withNote: false));
        binder.Release(partial);
        var after = binder.Bind(OneRow(4.5, "basic"));
        Assert.Equal(-1, partial.Schema.IndexOf("note"));
        Assert.Equal([3.5], ((NumericColumn)partial["x"]).Values);
        Assert.NotSame(partial["x"], after["x"]);

        // Frames of several rows, and frames of another binder, are never pooled.
        var rows = binder.Bind(Table(2, ("x", [Cell.Of(1), Cell.Of(2)]), ("plan", [Cell.Of("a"), Cell.Of("b")]), ("member", [Cell.Missing, Cell.Missing])));
        binder.Release(rows);
        new InputBinder(s_model).Release(after);
        var last = binder.Bind(OneRow(5.5, "basic"));
        Assert.NotSame(after["x"], last["x"]);
        Assert.Equal([4.5], ((NumericColumn)after["x"]).Values);
    }
}
