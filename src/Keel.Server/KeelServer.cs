using System.Net;
using Keel.Server.Inference;
using Keel.Server.Mlflow;
using Keel.Server.OpenInference;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Server;

/// <summary>Composes the scoring server: Kestrel, the models, the inference log and both protocols' endpoints.</summary>
public static class KeelServer
{
    /// <summary>Builds (does not start) a server for <paramref name="models"/>.</summary>
    /// <param name="options">Where to listen.</param>
    /// <param name="models">The models, by distinct names; the first also answers MLflow's <c>/invocations</c>.</param>
    /// <param name="log">Where every prediction is recorded before it is answered; null to record nothing.</param>
    /// <param name="time">The clock for ids, latencies and log times.</param>
    public static WebApplication Create(ServerOptions options, IReadOnlyList<ServedModel> models, InferenceLog? log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var admission = new RequestAdmission(options.MaxConcurrency, options.QueueLimit);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ParseHost(options.Host), options.Port));
        builder.Services.AddSingleton(new ModelCatalog(models));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new PredictionRunner(time, log));
        builder.Services.AddSingleton(_ => admission); // registered by factory so the container disposes it
        var app = builder.Build();
        app.Use(app.Services.GetRequiredService<RequestAdmission>().InvokeAsync);
        app.MapOpenInferenceApi();
        app.MapMlflowScoringApi();
        return app;
    }

    /// <summary>The addresses a started server listens on (with the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> ListeningAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    private static IPAddress ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => throw new ArgumentException($"--host must be an IP address (e.g. 127.0.0.1 or 0.0.0.0), got '{host}'"),
    };
}
