using Console.Ingest.Decoding;
using Console.Ingest.Indexing;
using Console.Ingest.Parsing;
using Console.Ingest.Parsing.Grok;
using Console.Ingest.Pipeline;
using Console.Ingest.Queue;
using Console.Ingest.Sources.Clef;
using Console.Ingest.Sources.Files;
using Console.Ingest.Sources.Gelf;
using Console.Ingest.Sources.HostMetrics;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Sources.Otlp;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Transforms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Console.Ingest;

public static class ConsoleIngestExtensions
{
    /// <summary>
    /// Registers the ingest worker: the pipeline (parse → filter → enrich → durable queue), the indexer that moves the
    /// queue into the store, and the receivers. Needs <c>AddConsoleShared</c> for the store.
    /// </summary>
    public static IServiceCollection AddConsoleIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NdjsonDecoderOptions>(configuration, NdjsonDecoderOptions.Section);
        services.AddValidatedOptions<WriteAheadLogOptions>(configuration, WriteAheadLogOptions.Section);
        services.AddValidatedOptions<QueueIndexerOptions>(configuration, QueueIndexerOptions.Section);
        services.AddValidatedOptions<JsonLinesReceiverOptions>(configuration, JsonLinesReceiverOptions.Section);
        services.AddValidatedOptions<TransformOptions>(configuration, TransformOptions.Section);
        // Bad pattern files or expressions stop the process at start with the pattern's name, not at the first event.
        services.AddValidatedOptions<GrokOptions>(configuration, GrokOptions.Section);
        services.PostConfigure<TransformOptions>(transforms =>
        {
            // The seed's deployment variables fill in what the settings leave empty.
            if (string.IsNullOrEmpty(transforms.Environment))
            {
                transforms.Environment = configuration["ENVIRONMENT"] ?? "development";
            }

            if (string.IsNullOrEmpty(transforms.PlatformVersion))
            {
                transforms.PlatformVersion = configuration["PLATFORM_VERSION"] ?? string.Empty;
            }
        });
        services.AddSingleton<IValidateOptions<TransformOptions>, DropQueriesValidation>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IngestStats>();
        services.AddSingleton<ParserRegistry>();
        services.AddSingleton<NdjsonDecoder>();
        services.AddSingleton<WriteAheadLog>();
        services.AddSingleton<IEventFilter, DropDebugFilter>();
        services.AddSingleton<IEventFilter, DropQueryFilter>();
        services.AddSingleton<IEventEnricher, EnvironmentEnricher>();
        services.AddSingleton<ErrorRouter>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IIngestPipeline>(sp => sp.GetRequiredService<IngestPipeline>());

        services.AddSingleton<Tail.LiveTailFeed>();
        services.AddSingleton<QueueIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueIndexer>());
        services.AddSingleton<JsonLinesReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<JsonLinesReceiver>());
        services.AddSyslogReceiver(configuration);
        services.AddSingleton<IValidateOptions<SyslogReceiverOptions>, SyslogProgramParsersValidation>();
        services.AddGelfReceiver(configuration);
        // OTLP and Seq's CLEF arrive over the console's HTTP port; their routes are mapped by the web host.
        services.AddValidatedOptions<OtlpReceiverOptions>(configuration, OtlpReceiverOptions.Section);
        services.AddSingleton<OtlpLogsDecoder>();
        services.AddValidatedOptions<ClefReceiverOptions>(configuration, ClefReceiverOptions.Section);
        services.TryAddSingleton<ISeqApiKeyValidator, ConfiguredSeqApiKeyValidator>();
        services.AddFileTailReceiver(configuration);
        services.AddSingleton<IValidateOptions<FileTailOptions>, ParserNamesValidation>();
        services.AddHostMetricsSource(configuration);
        return services;
    }

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
