using System.Diagnostics;
using Console.Ingest.Sources.Files;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Files;

public class FileIdentityTests
{
    [Fact]
    public void The_identity_is_the_device_and_inode_stat_reports_and_survives_a_rename()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // inodes are read on Linux only; elsewhere the identity is the path
        }

        using var dir = new TempDirectory();
        var path = dir.Combine("app.log");
        File.WriteAllText(path, "x\n");

        Assert.True(FileIdentity.TryOf(path, out var identity));
        Assert.Equal(StatCommand(path), $"{identity.Device}:{identity.Inode}");

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Assert.Equal(identity, FileIdentity.Of(handle, path));
        File.Move(path, path + ".1");
        File.WriteAllText(path, "new\n");
        Assert.True(FileIdentity.TryOf(path + ".1", out var renamed));
        Assert.True(FileIdentity.TryOf(path, out var fresh));
        Assert.Equal(identity, renamed);
        Assert.NotEqual(identity, fresh);

        Assert.False(FileIdentity.IsDeleted(handle, path + ".1"));
        File.Delete(path + ".1");
        Assert.True(FileIdentity.IsDeleted(handle, path + ".1"));
        Assert.Equal(identity, FileIdentity.Of(handle, path));
    }

    [Fact]
    public void Directories_fifos_and_missing_paths_have_no_identity()
    {
        using var dir = new TempDirectory();
        Assert.False(FileIdentity.TryOf(dir.Path, out _));
        Assert.False(FileIdentity.TryOf(dir.Combine("missing.log"), out _));
        if (OperatingSystem.IsLinux())
        {
            var fifo = dir.Combine("pipe");
            using (var mkfifo = Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            Assert.False(FileIdentity.TryOf(fifo, out _));
        }
    }

    private static string StatCommand(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-L", "-c", "%d:%i", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return output;
    }
}
