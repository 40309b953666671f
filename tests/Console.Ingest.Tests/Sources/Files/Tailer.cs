using System.Text;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.Files;

/// <summary>A running <see cref="FileTailReceiver"/> over a test's temp directory, feeding a <see cref="CollectingPipeline"/>.</summary>
internal sealed class Tailer : IAsyncDisposable
{
    private readonly FileTailReceiver _receiver;
    private bool _stopped;

    private Tailer(FileTailOptions options, CollectingPipeline pipeline, IngestStats stats, ILogger<FileTailReceiver>? logger)
    {
        Options = options;
        Pipeline = pipeline;
        Stats = stats;
        _receiver = new FileTailReceiver(Microsoft.Extensions.Options.Options.Create(options), pipeline, stats, TimeProvider.System, logger ?? NullLogger<FileTailReceiver>.Instance);
    }

    public FileTailOptions Options { get; }

    public CollectingPipeline Pipeline { get; }

    public IngestStats Stats { get; }

    public static FileTailOptions Settings(TempDirectory dir, params FileInputOptions[] inputs) => new()
    {
        Enabled = true,
        RegistryPath = dir.Combine("data", "file-registry.json"),
        ScanInterval = TimeSpan.FromMilliseconds(50),
        Inputs = [.. inputs],
    };

    public static FileInputOptions Input(string name, params string[] paths) => new() { Name = name, Paths = [.. paths] };

    public static async Task<Tailer> StartAsync(
        FileTailOptions options, CollectingPipeline? pipeline = null, IngestStats? stats = null, ILogger<FileTailReceiver>? logger = null)
    {
        var tailer = new Tailer(options, pipeline ?? new CollectingPipeline(), stats ?? new IngestStats(), logger);
        await tailer._receiver.StartAsync(CancellationToken.None);
        return tailer;
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _receiver.StopAsync(CancellationToken.None);
            _receiver.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Appends text the way a logger does: open, write, close, sharing with readers.</summary>
    public static void Append(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    public static void AppendLines(string path, IEnumerable<string> lines) => Append(path, string.Concat(lines.Select(l => l + "\n")));

    public static IEnumerable<string> Lines(string prefix, int from, int count) => Enumerable.Range(from, count).Select(i => $"{prefix} line {i:D5}");
}
