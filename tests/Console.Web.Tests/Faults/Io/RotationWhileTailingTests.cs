using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// A log file the console tails is rotated while an application keeps appending numbered lines: logrotate's rename and
/// create (the writer keeps its handle across the rename until it reopens), and copytruncate. Every line written must
/// be indexed exactly once. (FileTailReceiverTests covers each rotation against the receiver alone; this drives the
/// whole console, queue and store included, with the writer running during the rotations.)
/// </summary>
[Trait("Category", "Faults")]
public sealed class RotationWhileTailingTests : IDisposable
{
    private const string IndexBase = "rotation";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "faultsio-rotation-" + Guid.NewGuid().ToString("N"));

    public RotationWhileTailingTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Every_line_appended_across_rename_and_copytruncate_rotations_is_indexed_exactly_once()
    {
        var logs = Directory.CreateDirectory(Path.Combine(_root, "logs")).FullName;
        var log = Path.Combine(logs, "app.log");
        var pipeline = Path.Combine(_root, "pipeline.json");
        File.WriteAllText(pipeline, "{ \"Ingest\": {} }");
        File.WriteAllText(log, string.Empty);
        using var console = new FaultConsole(Path.Combine(_root, "data"), new Dictionary<string, string>
        {
            ["Ingest:PipelineFile"] = pipeline,
            ["Ingest:Files:Enabled"] = "true",
            ["Ingest:Files:ScanInterval"] = "00:00:00.100",
            ["Ingest:Files:Inputs:0:Name"] = "rot",
            ["Ingest:Files:Inputs:0:Paths:0"] = log,
            ["Ingest:Files:Inputs:0:Parser"] = "json",
            ["Ingest:Files:Inputs:0:IndexBase"] = IndexBase,
            ["Ingest:Files:Inputs:0:StartAt"] = "beginning",
        });
        await console.StartAsync();
        using var client = console.CreateClient();

        var written = 0;
        using var gate = new SemaphoreSlim(1, 1);
        using var stop = new CancellationTokenSource();
        // The application: bursts of lines every few milliseconds. Between bursts it may hold its handle (across a rename,
        // as a process does until logrotate's postrotate signal) or, after a rotation, open the path anew.
        FileStream? handle = null;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await gate.WaitAsync();
                try
                {
                    handle ??= new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                    var burst = new StringBuilder();
                    for (var i = 0; i < 20; i++)
                    {
                        burst.Append(NumberedEvents.Line(written++)).Append('\n');
                    }

                    handle.Write(Encoding.UTF8.GetBytes(burst.ToString()));
                    handle.Flush();
                }
                finally
                {
                    gate.Release();
                }

                await Task.Delay(5);
            }
        });

        async Task<long> ReceivedAsync() =>
            (await client.GetFromJsonAsync<JsonElement>("/api/ingest/stats")).GetProperty("inputs") is var inputs && inputs.TryGetProperty("file:rot", out var rot)
                ? rot.GetProperty("received").GetInt64()
                : 0;

        for (var rotation = 0; rotation < 3; rotation++)
        {
            await Task.Delay(400);
            // rename + create: the writer goes on writing into app.log.1 through its handle for a while, then reopens app.log.
            File.Move(log, $"{log}.{rotation + 1}");
            await Task.Delay(200);
            await gate.WaitAsync();
            handle?.Dispose();
            handle = null;
            gate.Release();
        }

        for (var rotation = 0; rotation < 3; rotation++)
        {
            await Task.Delay(400);
            // copytruncate: lines the tailer has not read when the file is cut are gone by design (logrotate says so), so
            // the cut waits until the tailer has caught up, the writer held for that moment; it resumes at offset 0.
            await gate.WaitAsync(); // the writer waits until the truncation is done
            handle?.Dispose();
            handle = null;
            var target = written;
            try
            {
                var received = await Support.Eventually.Get(ReceivedAsync, n => n >= target, TimeSpan.FromSeconds(60));
                Assert.True(received >= target, $"the tailer read {received} of {target} lines before the copytruncate");
                File.Copy(log, $"{log}.copy{rotation}", overwrite: true);
                using var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                truncate.SetLength(0);
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.Delay(400);
        await stop.CancelAsync();
        await writer;
        handle?.Dispose();

        var all = Enumerable.Range(0, written).ToList();
        await EventChecker.VerifyAsync(client, IndexBase + "-*", all, TimeSpan.FromSeconds(120), context: () => console.RecentLog);
        Assert.True(written > 1000, $"only {written} lines were written");
    }
}
