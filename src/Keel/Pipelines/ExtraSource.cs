namespace Keel.Pipelines;

/// <summary>
/// A file a run trains on besides its pipeline's own source (e.g. labelled predictions the closed loop adds): the load
/// step stores it as one more part after the source's, and the run records it as an input of <paramref name="Kind"/>.
/// It may hold fewer columns than the source (those it lacks are missing in its rows) but none the source lacks; it is
/// read with the source's column types pinned, its timestamps in ISO 8601 (as the inference log writes them) whatever
/// format the source's schema gives.
/// </summary>
/// <param name="Path">The file (CSV, TSV or JSON Lines, by its extension). The load step copies it into the artifact
/// store, so the caller may delete it once the run has returned.</param>
/// <param name="Name">How the run names it: in its parts, its recorded inputs and error messages (e.g. <c>feedback (retrain 3)</c>).</param>
/// <param name="Kind">The kind of input the run records for lineage (e.g. <c>feedback</c>).</param>
public sealed record ExtraSource(string Path, string Name, string Kind);
