using System.Text;
using Console.Ingest.Pipeline;
using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Files;

/// <summary>copytruncate seen by one followed file: the cut must be noticed whenever the new lines outgrow the old ones.</summary>
public sealed class TailedFileTruncationTests
{
    [Fact]
    public void A_file_cut_and_refilled_past_the_offset_between_a_read_and_its_commit_is_seen_as_truncated()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("app.log");
        File.WriteAllText(path, Lines("old", 3));
        var input = new FileInput(new FileInputOptions { Name = "cut", Paths = [path] }, new IngestStats());
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var file = new TailedFile(input, FileIdentity.Of(handle, path)!.Value, path, handle, 0, 0, 64 * 1024, DateTimeOffset.UtcNow);
        var batch = new RecordBatch(100);

        var length = file.Length();
        file.Read(length, new byte[64 * 1024], batch, DateTimeOffset.UtcNow);
        Assert.Equal(3, batch.Count);

        // logrotate's copytruncate, and the application writing on, before the tailer commits what it sent.
        using (var cut = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            cut.SetLength(0);
        }

        File.AppendAllText(path, Lines("new", 10));
        file.Commit(file.ReadOffset);

        var refilled = file.Length();
        Assert.True(refilled > file.ReadOffset, "the new lines must outgrow the old ones for this case");
        Assert.True(file.WasTruncated(refilled), "the new lines were taken for the rest of the old ones: the first of them would be skipped");
    }

    [Fact]
    public void A_file_only_appended_to_is_not_seen_as_truncated()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("app.log");
        File.WriteAllText(path, Lines("old", 3));
        var input = new FileInput(new FileInputOptions { Name = "grow", Paths = [path] }, new IngestStats());
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var file = new TailedFile(input, FileIdentity.Of(handle, path)!.Value, path, handle, 0, 0, 64 * 1024, DateTimeOffset.UtcNow);

        file.Read(file.Length(), new byte[64 * 1024], new RecordBatch(100), DateTimeOffset.UtcNow);
        File.AppendAllText(path, Lines("more", 10));
        file.Commit(file.ReadOffset);

        Assert.False(file.WasTruncated(file.Length()));
    }

    private static string Lines(string word, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append("{\"message\":\"").Append(word).Append(' ').Append(i).Append("\"}\n");
        }

        return text.ToString();
    }
}
