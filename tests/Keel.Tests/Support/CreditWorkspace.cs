using Keel.Examples;
using Keel.Pipelines;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Tests.Support;

/// <summary>
/// A fresh workspace for pipeline tests: its metadata store on the given clock, the pipeline services over it, and a
/// generated <c>credit.csv</c> (1,500 rows, seed 3) in its root. Disposing closes the store and deletes it all.
/// </summary>
internal sealed class CreditWorkspace : IDisposable
{
    private CreditWorkspace(TempDirectory temp, MetadataStore store, PipelineServices services)
    {
        Temp = temp;
        Store = store;
        Services = services;
    }

    /// <summary>The workspace's root folder.</summary>
    public TempDirectory Temp { get; }

    /// <summary>The metadata store.</summary>
    public MetadataStore Store { get; }

    /// <summary>The stores a pipeline runs against.</summary>
    public PipelineServices Services { get; }

    public static async Task<CreditWorkspace> CreateAsync(TimeProvider clock)
    {
        var temp = new TempDirectory();
        var workspace = KeelWorkspace.Init(temp.Path);
        var store = await MetadataStore.OpenAsync(workspace, clock);
        new CreditRiskGenerator(new CreditRiskOptions { Rows = 1500, Seed = 3 }).Write(temp.Combine("credit.csv"));
        return new CreditWorkspace(temp, store, new PipelineServices(workspace, store, new ArtifactStore(workspace)));
    }

    public void Dispose()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        Temp.Dispose();
    }
}
