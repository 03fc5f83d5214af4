using Keel.Data.Expressions;
using Keel.Registry;

namespace Keel.Cli.Commands;

/// <summary>Parses what the registry commands take on the command line: gates, KEY=VALUE tags, alias names.</summary>
internal static class RegistryArguments
{
    /// <summary>Each <c>--gate</c>; a syntax error names the gate and the position.</summary>
    public static IReadOnlyList<ModelGate> Gates(string[]? texts) =>
        (texts ?? []).Select(text =>
        {
            try
            {
                return ModelGate.Parse(text);
            }
            catch (ExpressionException ex)
            {
                throw new UserException($"--gate '{text}': {ex.Message}");
            }
        }).ToArray();

    /// <summary>Each <c>KEY=VALUE</c>, in order (a repeated key keeps its last value).</summary>
    public static IReadOnlyDictionary<string, string> Tags(string[]? texts)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts ?? [])
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || string.IsNullOrWhiteSpace(text[..equals]))
            {
                throw new UserException($"tag '{text}' is not KEY=VALUE (e.g. team=risk)");
            }
            tags[text[..equals].Trim()] = text[(equals + 1)..];
        }
        return tags;
    }

    /// <summary>An alias name, or a user error saying what an alias may be.</summary>
    public static string Alias(string alias) =>
        ModelReference.IsValidAlias(alias, out var problem) ? alias : throw new UserException(problem);
}
