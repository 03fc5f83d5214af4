using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Keel.Registry;

/// <summary>
/// A registered model version named the MLflow way: <c>models:/NAME/VERSION</c>, <c>models:/NAME@ALIAS</c>, or
/// <c>models:/NAME/latest</c>. Accepted wherever a model file is.
/// </summary>
public readonly record struct ModelReference(string Name, int? Version, string? Alias)
{
    /// <summary>The scheme prefix.</summary>
    public const string Prefix = "models:/";

    /// <summary>Longest accepted model or alias name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Whether <paramref name="text"/> looks like a registry reference (starts with <c>models:/</c>).</summary>
    public static bool IsReference(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses a reference.</summary>
    /// <exception cref="FormatException">Not a valid reference; the message says what is wrong and what is expected.</exception>
    public static ModelReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    /// <summary>Parses without throwing; <paramref name="error"/> is meant for the user.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModelReference reference, [NotNullWhen(false)] out string? error)
    {
        reference = default;
        const string expected = "expected models:/NAME/VERSION, models:/NAME/latest or models:/NAME@ALIAS";
        if (!IsReference(text))
        {
            error = $"'{text}' is not a model reference; {expected}";
            return false;
        }
        var rest = text![Prefix.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (at >= 0)
        {
            var name = rest[..at];
            var alias = rest[(at + 1)..];
            if (!IsValidName(name, out var problem) || !IsValidAlias(alias, out problem))
            {
                error = $"model reference '{text}': {problem}";
                return false;
            }
            reference = new ModelReference(name, null, alias);
            error = null;
            return true;
        }
        if (slash < 0)
        {
            error = $"model reference '{text}' names no version or alias; {expected}";
            return false;
        }
        var model = rest[..slash];
        var version = rest[(slash + 1)..];
        if (!IsValidName(model, out var nameProblem))
        {
            error = $"model reference '{text}': {nameProblem}";
            return false;
        }
        if (string.Equals(version, "latest", StringComparison.OrdinalIgnoreCase))
        {
            reference = new ModelReference(model, null, null);
            error = null;
            return true;
        }
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            error = $"model reference '{text}': version '{version}' is not a positive integer; {expected}";
            return false;
        }
        reference = new ModelReference(model, number, null);
        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="name"/> can name a registered model (the rules of dataset names).</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name, [NotNullWhen(false)] out string? problem)
    {
        if (Storage.DatasetReference.IsValidName(name, out problem))
        {
            return true;
        }
        problem = problem.Replace("dataset name", "model name", StringComparison.Ordinal);
        return false;
    }

    /// <summary>
    /// Whether <paramref name="alias"/> can be an alias: 1 to 64 ASCII letters, digits, '_' or '-', starting with a
    /// letter (so an alias never looks like a version number).
    /// </summary>
    public static bool IsValidAlias([NotNullWhen(true)] string? alias, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrEmpty(alias) || alias.Length > 64 || !char.IsAsciiLetter(alias[0])
            || alias.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-')))
        {
            problem = $"alias '{alias}' is not valid: use 1 to 64 letters, digits, '_' or '-', starting with a letter";
            return false;
        }
        problem = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Alias is not null
        ? $"{Prefix}{Name}@{Alias}"
        : $"{Prefix}{Name}/{(Version is { } v ? v.ToString(CultureInfo.InvariantCulture) : "latest")}";
}
