using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Files;

public class FileGlobTests
{
    [Fact]
    public void Wildcards_classes_and_double_star_match_like_filebeat()
    {
        using var dir = new TempDirectory();
        foreach (var file in new[] { "logs/a.log", "logs/b.log", "logs/b.log.1", "logs/c.txt", "logs/x1.log", "logs/sub/d.log", "logs/sub/deep/e.log", "other/f.log" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.Combine(file))!);
            File.WriteAllText(dir.Combine(file), "x\n");
        }

        string[] Expand(string pattern) => new FileGlob(dir.Combine(pattern)).Expand().Select(p => Path.GetRelativePath(dir.Path, p)).ToArray();

        Assert.Equal(["logs/a.log", "logs/b.log", "logs/x1.log"], Expand("logs/*.log"));
        Assert.Equal(["logs/a.log", "logs/b.log"], Expand("logs/?.log"));
        Assert.Equal(["logs/a.log", "logs/b.log"], Expand("logs/[ab].log"));
        Assert.Equal(["logs/x1.log"], Expand("logs/[!ab].log").Concat(Expand("logs/x?.log")).Distinct());
        Assert.Equal(["logs/a.log"], Expand("logs/a.log"));
        Assert.Equal(["logs/a.log", "logs/b.log", "logs/sub/d.log", "logs/sub/deep/e.log", "logs/x1.log"], Expand("logs/**/*.log"));
        Assert.Equal(["logs/sub/d.log", "other/f.log"], Expand("*/*/d.log").Concat(Expand("o*/f.log")));
        Assert.Empty(Expand("missing/*.log"));
        Assert.Empty(Expand("logs/none.log"));
    }

    [Theory]
    [InlineData("relative/*.log")]
    [InlineData("/var/log/**")]
    public void A_pattern_that_names_no_files_is_refused(string pattern) =>
        Assert.Throws<ArgumentException>(() => new FileGlob(pattern));
}
