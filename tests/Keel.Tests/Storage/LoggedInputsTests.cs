using Keel.Storage;

namespace Keel.Tests.Storage;

public sealed class LoggedInputsTests
{
    private static readonly byte[][] Names = LoggedInputs.ParseNames("""["a","b \"q\"","c"]""", 1);

    [Fact]
    public void ToObject_ValuesOfTheColumns_PairsEachNameWithItsValueAsLogged()
    {
        Assert.Equal("""{"a":1.50,"b \"q\"":[1,{"x":null}],"c":"\u00e9"}""", LoggedInputs.ToObject(Names, """[1.50,[1,{"x":null}],"\u00e9"]""", "p:0"));
    }

    [Theory]
    [InlineData("[1,2]", "holds 2 input values for 3 columns")]
    [InlineData("[1,2,3,4]", "holds 4 input values for 3 columns")]
    [InlineData("""{"a":1}""", "not a JSON array of values")]
    [InlineData("[1,2,3", "not a JSON array of values")]
    [InlineData("[1,2,3] 4", "not a JSON array of values")]
    public void ToObject_ValuesThatDoNotMatchTheColumns_NameTheRow(string values, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => LoggedInputs.ToObject(Names, values, "p:7"));

        Assert.Contains("row p:7", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("""["a",2]""")]
    [InlineData("""["a""")]
    public void ParseNames_NotAnArrayOfNames_IsRefused(string json)
    {
        var error = Assert.Throws<InvalidDataException>(() => LoggedInputs.ParseNames(json, 4));

        Assert.Contains("input columns 4", error.Message, StringComparison.Ordinal);
    }
}
