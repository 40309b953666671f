using System.Text.Json;
using System.Text.Json.Nodes;

namespace Console.Benchmarks;

/// <summary>
/// The pipeline files the ingest benchmark runs the console with: the shipped <c>src/Console.Web/pipeline.json</c>
/// (parsers, multiline rules, transforms) with only its sources changed, so the parsing measured is the one that ships.
/// </summary>
internal static class BenchPipelineFile
{
    private static readonly JsonDocumentOptions ShippedFileOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <exception cref="InvalidDataException">The file has no <c>Ingest</c> object.</exception>
    public static JsonObject LoadShipped(string path) =>
        JsonNode.Parse(File.ReadAllText(path), documentOptions: ShippedFileOptions) as JsonObject is { } root && root["Ingest"] is JsonObject
            ? root
            : throw new InvalidDataException($"{path} has no \"Ingest\" object");

    /// <summary>JSON lines over TCP only, no file inputs: everything indexed came over the benchmark's connection.</summary>
    public static JsonObject ForTcp(JsonObject shipped)
    {
        var pipeline = (JsonObject)shipped.DeepClone();
        var ingest = (JsonObject)pipeline["Ingest"]!;
        JsonLines(ingest)["TcpEnabled"] = true;
        JsonLines(ingest)["UdpEnabled"] = false;
        Files(ingest)["Enabled"] = false;
        return pipeline;
    }

    /// <summary>Every file input reads <c>{filesRoot}/{input name}/*.log</c>, keeping its parser and multiline rule; scanned every 200 ms as in the tests.</summary>
    public static JsonObject ForFiles(JsonObject shipped, string filesRoot)
    {
        var pipeline = (JsonObject)shipped.DeepClone();
        var ingest = (JsonObject)pipeline["Ingest"]!;
        // UDP would bind a port for nothing; TCP stays on (on port 0) as it is in a deployment.
        JsonLines(ingest)["UdpEnabled"] = false;
        var files = Files(ingest);
        files["Enabled"] = true;
        files["ScanInterval"] = "00:00:00.200";
        foreach (var input in InputsOf(files))
        {
            input["Paths"] = new JsonArray(Path.Combine(filesRoot, NameOf(input), "*.log"));
        }

        return pipeline;
    }

    public static IReadOnlyList<string> FileInputNames(JsonObject pipeline) => InputsOf(Files((JsonObject)pipeline["Ingest"]!)).Select(NameOf).ToList();

    public static void Write(JsonObject pipeline, string path) => File.WriteAllText(path, pipeline.ToJsonString(Indented));

    private static JsonObject JsonLines(JsonObject ingest) => Section(ingest, "JsonLines");

    private static JsonObject Files(JsonObject ingest) => Section(ingest, "Files");

    private static JsonObject Section(JsonObject ingest, string name)
    {
        if (ingest[name] is not JsonObject section)
        {
            section = [];
            ingest[name] = section;
        }

        return section;
    }

    private static IEnumerable<JsonObject> InputsOf(JsonObject files) => (files["Inputs"] as JsonArray ?? []).OfType<JsonObject>();

    private static string NameOf(JsonObject input) =>
        input["Name"]?.GetValue<string>() ?? throw new InvalidDataException("a file input of the shipped pipeline.json has no Name");
}
