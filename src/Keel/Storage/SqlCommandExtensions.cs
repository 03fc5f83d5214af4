using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>Small helpers that keep catalog code to its SQL: parameters, row mapping and connection scopes.</summary>
internal static class SqlCommandExtensions
{
    /// <summary>Adds parameter <paramref name="name"/>; null becomes SQL NULL.</summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs the command and maps every row.</summary>
    public static async Task<List<T>> ListAsync<T>(this SqliteCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var list = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(map(reader));
            }
            return list;
        }
    }

    /// <summary>Runs the command and maps its first row, or returns null when there is none.</summary>
    public static async Task<T?> FirstOrDefaultAsync<T>(this SqliteCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
        }
    }

    /// <summary>Runs the command and returns its scalar as a 64-bit integer (0 for NULL).</summary>
    public static async Task<long> ScalarInt64Async(this SqliteCommand command, CancellationToken cancellationToken)
    {
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A nullable text column.</summary>
    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A nullable time column.</summary>
    public static DateTimeOffset? GetTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoreTime.Parse(reader.GetString(ordinal));

    /// <summary>A non-null time column.</summary>
    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) => StoreTime.Parse(reader.GetString(ordinal));
}
