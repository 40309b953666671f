using System.Diagnostics;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// A small tmpfs mounted on a temp folder: a real file system that runs out of space (ENOSPC), which a test fills with
/// a filler file and frees again. Needs root with CAP_SYS_ADMIN; <see cref="TryMount"/> says why when it cannot.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly string _filler;

    private TmpfsMount(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/>; null with the reason when mounting is not allowed here.</summary>
    public static TmpfsMount? TryMount(long sizeBytes, out string? whyNot)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "faultsio-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            whyNot = $"a full disk is made with a small tmpfs, and `mount -t tmpfs` is not allowed here (exit {code}: {output.Trim()}); " +
                     "it needs root with CAP_SYS_ADMIN";
            return null;
        }

        whyNot = null;
        return new TmpfsMount(path);
    }

    /// <summary>Fills the file system until writes fail with ENOSPC, then gives back <paramref name="leaveBytes"/> (a write then fails part way).</summary>
    public void Fill(long leaveBytes = 0)
    {
        var chunk = new byte[64 * 1024];
        using (var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            try
            {
                while (true)
                {
                    file.Write(chunk);
                }
            }
            catch (IOException)
            {
                // ENOSPC: full. A 64 KiB write may have gone in part; write what is left in small pieces.
            }

            try
            {
                var small = new byte[512];
                while (true)
                {
                    file.Write(small);
                }
            }
            catch (IOException)
            {
            }
        }

        if (leaveBytes > 0)
        {
            using var file = new FileStream(_filler, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            file.SetLength(Math.Max(0, file.Length - leaveBytes));
        }
    }

    /// <summary>Space returns: the filler is deleted.</summary>
    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        // Lazy: a process that still holds a file there must not keep the mount (and the test) hanging.
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
