using Keel.Data;
using Keel.Data.Reading;

namespace Keel.Tests.Data.Reading;

public sealed class FrameAlignmentTests
{
    private static readonly Schema Source = new([
        new ColumnSchema("id", ColumnType.Text) { Role = ColumnRole.Id }, new ColumnSchema("x", ColumnType.Numeric),
        new ColumnSchema("at", ColumnType.Timestamp), new ColumnSchema("y", ColumnType.Categorical) { Role = ColumnRole.Label }]);

    [Fact]
    public void To_FewerColumnsInAnotherOrder_KeepsThemAndAddsMissingColumnsOfTheSchemasTypes()
    {
        var y = new CategoricalColumn("y", [0, 1], ["no", "yes"]);
        var x = new NumericColumn("x", [1.5, 2.5]);
        var frame = new Frame(new Schema([new ColumnSchema("y", ColumnType.Categorical), new ColumnSchema("x", ColumnType.Numeric)]), [y, x], 2, [7, 9]);

        var aligned = FrameAlignment.To(frame, Source);

        Assert.Same(Source, aligned.Schema);
        Assert.Equal(["id", "x", "at", "y"], aligned.Columns.Select(c => c.Name));
        Assert.Same(x, aligned["x"]);
        Assert.Same(y, aligned["y"]);
        Assert.IsType<TextColumn>(aligned["id"]);
        Assert.IsType<TimestampColumn>(aligned["at"]);
        Assert.All(new[] { aligned["id"], aligned["at"] }, c => Assert.True(c.IsMissing(0) && c.IsMissing(1)));
        Assert.Equal([7L, 9L], [aligned.LineOf(0), aligned.LineOf(1)]);
    }

    [Fact]
    public void To_ColumnTheSchemaLacksOrOfAnotherType_ThrowsNamingIt()
    {
        var extra = new Frame(new Schema([new ColumnSchema("coupon", ColumnType.Text)]), [new TextColumn("coupon", ["a"])], 1);
        var retyped = new Frame(new Schema([new ColumnSchema("x", ColumnType.Text)]), [new TextColumn("x", ["a"])], 1);

        Assert.Contains("column 'coupon' is not in the source", Assert.Throws<ArgumentException>(() => FrameAlignment.To(extra, Source)).Message, StringComparison.Ordinal);
        Assert.Contains("column 'x' is text here but numeric in the source", Assert.Throws<ArgumentException>(() => FrameAlignment.To(retyped, Source)).Message, StringComparison.Ordinal);
    }
}
