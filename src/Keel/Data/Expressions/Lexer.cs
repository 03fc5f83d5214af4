using System.Globalization;
using System.Text;

namespace Keel.Data.Expressions;

/// <summary>Splits expression text into tokens. Keywords (and, or, not, true, false, null) are case-insensitive.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length + 1, ""));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (c == '`')
            {
                tokens.Add(ReadQuotedIdentifier(text, ref i));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                // A dot between name parts joins them ("champion.auc"), so qualified names need no backquotes.
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'
                    || (text[i] == '.' && i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))))
                {
                    i++;
                }
                var word = text[start..i];
                tokens.Add(new Token(KeywordKind(word), start + 1, word));
            }
            else
            {
                var (kind, length) = ReadOperator(text, i);
                if (length == 0)
                {
                    throw new ExpressionException(start + 1, $"unexpected character '{c}'");
                }
                i += length;
                tokens.Add(new Token(kind, start + 1, text.Substring(start, length)));
            }
        }
    }

    private static TokenKind KeywordKind(string word) => word.ToLowerInvariant() switch
    {
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "not" => TokenKind.Not,
        "true" => TokenKind.True,
        "false" => TokenKind.False,
        "null" => TokenKind.Null,
        _ => TokenKind.Identifier,
    };

    private static (TokenKind Kind, int Length) ReadOperator(string text, int i)
    {
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        return (text[i], next) switch
        {
            ('(', _) => (TokenKind.LeftParen, 1),
            (')', _) => (TokenKind.RightParen, 1),
            (',', _) => (TokenKind.Comma, 1),
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('*', _) => (TokenKind.Star, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('%', _) => (TokenKind.Percent, 1),
            ('=', '=') => (TokenKind.Equal, 2),
            ('!', '=') => (TokenKind.NotEqual, 2),
            ('<', '>') => (TokenKind.NotEqual, 2),
            ('<', '=') => (TokenKind.LessOrEqual, 2),
            ('<', _) => (TokenKind.Less, 1),
            ('>', '=') => (TokenKind.GreaterOrEqual, 2),
            ('>', _) => (TokenKind.Greater, 1),
            ('&', '&') => (TokenKind.And, 2),
            ('|', '|') => (TokenKind.Or, 2),
            ('!', _) => (TokenKind.Not, 1),
            _ => (TokenKind.End, 0),
        };
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var mark = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                throw new ExpressionException(mark + 1, $"expected digits after the exponent but found {DescribeAt(text, i)}");
            }
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        var literal = text[start..i];
        return new Token(TokenKind.Number, start + 1, literal, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    // Backslash escapes: \n, \t, and \<any> for that character (so \' and \" and \\ work in both quote styles).
    private static Token ReadString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new ExpressionException(text.Length + 1, $"expected {quote} to close the string that starts at position {start + 1} but found end of expression");
            }
            var c = text[i++];
            if (c == quote)
            {
                break;
            }
            if (c == '\\' && i < text.Length)
            {
                c = text[i++] switch { 'n' => '\n', 't' => '\t', var other => other };
            }
            value.Append(c);
        }
        return new Token(TokenKind.String, start + 1, value.ToString());
    }

    // `weird name`; a doubled backquote stands for one backquote inside the name.
    private static Token ReadQuotedIdentifier(string text, ref int i)
    {
        var start = i++;
        var name = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new ExpressionException(text.Length + 1, $"expected ` to close the column name that starts at position {start + 1} but found end of expression");
            }
            var c = text[i++];
            if (c == '`')
            {
                if (i < text.Length && text[i] == '`')
                {
                    i++;
                }
                else
                {
                    break;
                }
            }
            name.Append(c);
        }
        if (name.Length == 0)
        {
            throw new ExpressionException(start + 1, "expected a column name between the backquotes");
        }
        return new Token(TokenKind.QuotedIdentifier, start + 1, name.ToString());
    }

    private static string DescribeAt(string text, int i) => i >= text.Length ? "end of expression" : $"'{text[i]}'";
}
