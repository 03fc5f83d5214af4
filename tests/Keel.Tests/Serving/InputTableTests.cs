using Keel.Serving;

namespace Keel.Tests.Serving;

public sealed class InputTableTests
{
    [Fact]
    public void Column_KnownAndUnknownNames_KeepTheirCellsApartAndTheirOrder()
    {
        var table = new InputTable(3, layout: new InputLayout(["a", "b", "c"]));

        var b = table.Column("b", out var addedB);
        var extra = table.Column("extra", out var addedExtra);
        var a = table.Column("a", out _);
        for (var r = 0; r < 3; r++)
        {
            b[r] = Cell.Of(10.0 + r);
            a[r] = Cell.Of(20.0 + r);
            extra[r] = Cell.Of($"x{r}");
        }
        var again = table.Column("b", out var addedAgain);

        Assert.True(addedB && addedExtra && !addedAgain);
        Assert.Equal(["b", "extra", "a"], table.Names);
        Assert.Equal([Cell.Of(10.0), Cell.Of(11.0), Cell.Of(12.0)], again);
        Assert.True(table.TryFind("a", out var foundA));
        Assert.Equal([Cell.Of(20.0), Cell.Of(21.0), Cell.Of(22.0)], foundA);
        Assert.True(table.TryFind("extra", out var foundExtra));
        Assert.Equal(Cell.Of("x2"), foundExtra[2]);
        Assert.False(table.TryFind("c", out _)); // in the layout, never sent
        Assert.False(table.TryFind("zzz", out _));
    }

    [Fact]
    public void Column_WithoutLayout_WorksByName()
    {
        var table = new InputTable(1);
        table.Column("x", out _)[0] = Cell.Of(true);

        Assert.True(table.TryFind("x", out var x));
        Assert.Equal(Cell.Of(true), x[0]);
        Assert.Equal("row 1", table.Describe(0));
    }

    [Fact]
    public void InputLayout_NameTwice_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new InputLayout(["a", "b", "a"]));

    [Fact]
    public void Dispose_ThenANewTable_StartsWithMissingCellsAndTheOldOneRefusesUse()
    {
        var layout = new InputLayout(["a", "b"]);
        var first = new InputTable(2, layout: layout);
        first.Column("a", out _)[1] = Cell.Of("kept?");
        first.Column("b", out _)[0] = Cell.Of(5.0);
        first.Dispose();
        first.Dispose(); // twice is harmless

        // The next tables likely get the same pooled block: what they did not fill is missing, not the old values.
        for (var i = 0; i < 4; i++)
        {
            using var next = new InputTable(2, layout: layout);
            var a = next.Column("a", out _);
            a[0] = Cell.Of(1.0);
            Assert.Equal([Cell.Of(1.0), Cell.Missing], a);
            Assert.False(next.TryFind("b", out _));
        }
        Assert.Throws<ObjectDisposedException>(() => first.TryFind("a", out _));
        Assert.Throws<ObjectDisposedException>(() => first.Column("b", out _));
    }

    [Fact]
    public void Dispose_ABulkTable_LeavesItsBlockToTheCollector()
    {
        // 3 columns × 1000 rows: more cells than are pooled; reading and disposing work the same.
        var table = new InputTable(1000, layout: new InputLayout(["a", "b", "c"]));
        var c = table.Column("c", out _);
        c[999] = Cell.Of(9.0);

        Assert.True(table.TryFind("c", out var found));
        Assert.Equal(Cell.Of(9.0), found[999]);
        table.Dispose();
    }
}
