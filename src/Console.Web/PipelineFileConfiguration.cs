using Microsoft.Extensions.Configuration.Json;

namespace Console.Web;

public static class PipelineFileConfiguration
{
    public const string Setting = "Ingest:PipelineFile";
    public const string DefaultFile = "pipeline.json";

    /// <summary>
    /// Adds the pipeline file (<c>Ingest:PipelineFile</c>, default <c>pipeline.json</c> in the content root) right after
    /// the appsettings files, so environment variables and the command line still override it. JSON comments are allowed;
    /// a syntax error stops the start with the file's line.
    /// </summary>
    public static ConfigurationManager AddPipelineFile(this ConfigurationManager configuration)
    {
        var path = configuration[Setting] ?? DefaultFile;
        var lastAppSettings = configuration.Sources.Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource).index;
        configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        var added = configuration.Sources[^1];
        configuration.Sources.RemoveAt(configuration.Sources.Count - 1);
        configuration.Sources.Insert(lastAppSettings + 1, added);
        return configuration;
    }
}
