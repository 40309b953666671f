using Console.Ingest.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Console.Ingest.Tests.Support;

/// <summary>A bare generic host, as a registration test needs it: the given settings, no logging, one source registered by its extension, and <paramref name="pipeline"/> to collect what it submits.</summary>
public static class SourceHost
{
    /// <param name="register">The source's registration, e.g. <c>(services, configuration) => services.AddSyslogReceiver(configuration)</c>.</param>
    public static IHost Build(Dictionary<string, string?> settings, CollectingPipeline pipeline, Action<IServiceCollection, IConfiguration> register)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IIngestPipeline>(pipeline);
        register(builder.Services, builder.Configuration);
        return builder.Build();
    }
}
