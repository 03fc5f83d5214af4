using Keel.Learning;
using Keel.Serving;

namespace Keel.Server;

/// <summary>A model the server answers for: the name clients use, its version, and the loaded model. Immutable.</summary>
public sealed class ServedModel
{
    /// <summary>Creates a served model.</summary>
    /// <param name="name">The name in URLs (<c>/v2/models/{name}</c>).</param>
    /// <param name="version">The version reported with every prediction (a registry version, or a content-hash prefix).</param>
    /// <param name="model">The loaded model.</param>
    /// <param name="source">Where it came from (a path or a registry reference), for messages.</param>
    public ServedModel(string name, string version, Model model, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(model);
        Name = name;
        Version = version;
        Model = model;
        Source = source;
        Binder = new InputBinder(model);
    }

    /// <summary>The name in URLs.</summary>
    public string Name { get; }

    /// <summary>The version reported with every prediction.</summary>
    public string Version { get; }

    /// <summary>The loaded model.</summary>
    public Model Model { get; }

    /// <summary>Where the model came from.</summary>
    public string Source { get; }

    /// <summary>Checks requests against the model's schema.</summary>
    public InputBinder Binder { get; }
}
