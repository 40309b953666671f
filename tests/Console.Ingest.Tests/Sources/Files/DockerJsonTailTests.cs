using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;
using static Console.Ingest.Tests.Sources.Files.Tailer;
using static Console.Ingest.Tests.Support.Poll;

namespace Console.Ingest.Tests.Sources.Files;

public class DockerJsonTailTests
{
    private const string ContainerId = "3f4e8c1d2b6a7f90e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Docker_json_lines_become_messages_with_container_stream_and_time_and_split_lines_are_joined()
    {
        using var dir = new TempDirectory();
        var containerDir = Directory.CreateDirectory(dir.Combine("containers", ContainerId)).FullName;
        var log = Path.Combine(containerDir, ContainerId + "-json.log");
        // Docker splits a long line into parts without the trailing \n; stderr may interleave with them.
        Append(log, """
            {"log":"GET /api/health/ 200\n","stream":"stdout","time":"2026-11-23T23:14:45.461123456Z"}
            {"log":"first part, ","stream":"stdout","time":"2026-11-23T23:14:46.000000001Z"}
            {"log":"warning on stderr\n","stream":"stderr","time":"2026-11-23T23:14:46.100Z"}
            {"log":"second part, ","stream":"stdout","time":"2026-11-23T23:14:46.000000002Z"}
            {"log":"last part\n","stream":"stdout","time":"2026-11-23T23:14:46.000000003Z"}
            {"log":"quote \" and tab\t and unicode é\r\n","stream":"stdout","attrs":{"tag":"web"},"time":"2026-11-23T23:14:47Z"}
            not json at all
            {"log":"after the bad line\n","stream":"stdout","time":"2026-11-23T23:14:48Z"}

            """.ReplaceLineEndings("\n"));
        var input = Input("docker", dir.Combine("containers", "*", "*-json.log"));
        input.Format = FileInputOptions.DockerJsonFormat;
        await using var tailer = await StartAsync(Settings(dir, input));

        await Eventually(() => tailer.Pipeline.Count == 5, Timeout, "five events");
        Append(log, """{"log":"a part that waits","stream":"stdout","time":"2026-11-23T23:14:49Z"}""" + "\n");
        await Throughout(() => tailer.Pipeline.Count == 5, TimeSpan.FromMilliseconds(200), "the partial line to wait");
        Append(log, """{"log":" for its end\n","stream":"stdout","time":"2026-11-23T23:14:50Z"}""" + "\n");
        await Eventually(() => tailer.Pipeline.Count == 6, Timeout, "the joined line");

        var records = tailer.Pipeline.Records;
        Assert.Equal(
            ["GET /api/health/ 200", "warning on stderr", "first part, second part, last part", "quote \" and tab\t and unicode é", "after the bad line", "a part that waits for its end"],
            tailer.Pipeline.Messages);
        Assert.All(records, r => Assert.Equal(ContainerId, (string?)r.Fields["container"]!["id"]));
        Assert.Equal(["stdout", "stderr", "stdout", "stdout", "stdout", "stdout"], records.Select(r => (string?)r.Fields["stream"]));
        Assert.Equal("2026-11-23T23:14:45.461Z", (string?)records[0].Fields["@timestamp"]);
        Assert.Equal("2026-11-23T23:14:46.000Z", (string?)records[2].Fields["@timestamp"]); // the first part's time
        var text = File.ReadAllText(log);
        Assert.Equal(text.IndexOf("{\"log\":\"first part", StringComparison.Ordinal), records[2].Fields["log"]!["offset"]!.GetValue<long>());
        var counters = tailer.Stats.Input("file:docker");
        Assert.Equal(1, counters.Rejected);
        Assert.Contains("not a Docker json-file line", counters.Recent.Snapshot()[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/lib/docker/containers/" + ContainerId + "/" + ContainerId + "-json.log", ContainerId)]
    [InlineData("/var/lib/docker/containers/" + ContainerId + "/" + ContainerId + "-json.log.1", ContainerId)]
    [InlineData("/var/log/app.log", null)]
    public void The_container_id_comes_from_the_path(string path, string? expected) =>
        Assert.Equal(expected, DockerJsonLine.ContainerIdFromPath(path));
}
