using Keel.Registry;

namespace Keel.Tests.Registry;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("models:/credit/3", "credit", 3, null)]
    [InlineData("models:/credit/latest", "credit", null, null)]
    [InlineData("models:/credit@champion", "credit", null, "champion")]
    [InlineData("models:/fraud.v2@blue-1", "fraud.v2", null, "blue-1")]
    public void Parse_ValidReferences(string text, string name, int? version, string? alias)
    {
        var reference = ModelReference.Parse(text);

        Assert.Equal(new ModelReference(name, version, alias), reference);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("model.keel", "not a model reference")]
    [InlineData("models:/credit", "names no version or alias")]
    [InlineData("models:/credit/0", "not a positive integer")]
    [InlineData("models:/credit/x", "not a positive integer")]
    [InlineData("models:/credit@1abc", "alias '1abc' is not valid")]
    [InlineData("models:/cr edit/1", "model name")]
    public void Parse_InvalidReferences_SayWhy(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ModelReference.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
