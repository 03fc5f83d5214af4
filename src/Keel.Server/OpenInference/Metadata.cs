namespace Keel.Server.OpenInference;

/// <summary>Server metadata: <c>{"name", "version", "extensions"}</c>.</summary>
internal sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>Model metadata: <c>{"name", "versions", "platform", "inputs", "outputs"}</c>.</summary>
internal sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);

/// <summary>One input or output: <c>{"name", "datatype", "shape"}</c>; -1 is a dimension of any size.</summary>
internal sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary><c>{"live": true}</c>.</summary>
internal sealed record LiveResponse(bool Live);

/// <summary><c>{"ready": true}</c>.</summary>
internal sealed record ReadyResponse(bool Ready);
