using Keel.Registry;
using Keel.Storage;
using Keel.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Registry;

/// <summary>A fresh metadata store with a manual clock, for registry and tracking tests.</summary>
public abstract class RegistryFixture : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new();

    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    protected ModelRegistry Registry { get; private set; } = null!;

    protected RunCatalog Runs { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Store = await MetadataStore.OpenAsync(Temp.Combine("keel.db"), Clock);
        Registry = new ModelRegistry(Store, actor: "tester");
        Runs = new RunCatalog(Store, actor: "tester");
    }

    public virtual Task DisposeAsync()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        Temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A distinct fake content id per <paramref name="seed"/>.</summary>
    protected static ArtifactId Content(int seed) =>
        ArtifactId.Parse("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed))));

    protected Task<(ModelVersionRecord Version, bool Created)> RegisterAsync(string name, int seed, double auc) =>
        Registry.RegisterAsync(name, Content(seed), "gbdt", "binary", new Dictionary<string, double> { ["auc"] = auc, ["f1"] = auc - 0.1 });
}
