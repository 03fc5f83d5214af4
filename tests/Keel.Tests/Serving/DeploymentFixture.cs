using Keel.Registry;
using Keel.Serving.Deployments;
using Keel.Tests.Registry;

namespace Keel.Tests.Serving;

/// <summary>A fresh store with model <c>credit</c> versions 1 to 3 (alias <c>champion</c> on 1) and a deployment catalog.</summary>
public abstract class DeploymentFixture : RegistryFixture
{
    protected static readonly ModelReference V1 = ModelReference.Parse("models:/credit/1");
    protected static readonly ModelReference V2 = ModelReference.Parse("models:/credit/2");
    protected static readonly ModelReference V3 = ModelReference.Parse("models:/credit/3");

    protected DeploymentCatalog Catalog { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Catalog = new DeploymentCatalog(Store, actor: "tester");
        for (var seed = 1; seed <= 3; seed++)
        {
            await RegisterAsync("credit", seed, 0.8 + (seed / 100.0));
        }
        await Registry.SetAliasAsync("credit", "champion", 1);
    }

    /// <summary>The audit records of a subject, oldest first: (action, details JSON).</summary>
    protected async Task<List<(string Action, string? Details)>> AuditAsync(string subject)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.DatabasePath}");
        await using (connection)
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT action, details_json FROM audit_log WHERE subject = @subject ORDER BY id";
            command.Parameters.AddWithValue("@subject", subject);
            var rows = new List<(string, string?)>();
            using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
            return rows;
        }
    }

    /// <summary>Runs one statement against the store's file directly (to prove what the schema forbids).</summary>
    protected async Task ExecuteAsync(string sql)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.DatabasePath}");
        await using (connection)
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
