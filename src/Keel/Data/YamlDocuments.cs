using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keel.Data;

/// <summary>Loading the root mapping of a YAML file Keel reads (pipelines, alert rules), with located errors.</summary>
internal static class YamlDocuments
{
    /// <summary>
    /// The first document's root mapping, or null with a <c>file:line:column</c> problem added to
    /// <paramref name="errors"/>: the parser's message for invalid YAML, <paramref name="expected"/> when the root is
    /// not a mapping.
    /// </summary>
    public static YamlMappingNode? LoadRoot(string text, string sourceName, string expected, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            message = cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
            errors.Add($"{sourceName}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {message}");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add($"{sourceName}:1:1: {expected}");
            return null;
        }
        return root;
    }
}
