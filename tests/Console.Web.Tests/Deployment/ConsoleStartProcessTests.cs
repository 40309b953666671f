using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Console.Web.Tests.Support;

namespace Console.Web.Tests.Deployment;

/// <summary>
/// The built console as a process, on a start that cannot finish: it ends with exit code 1 and one line with the reason.
/// It used to leave Main by an unhandled exception, which aborts the process (SIGABRT, exit code 134, "Aborted" in the
/// shell, a core dump where enabled): two start-up scripts sharing a port looked like a console crashing at random.
/// </summary>
public sealed class ConsoleStartProcessTests : IDisposable
{
    private const int Aborted = 134; // 128 + SIGABRT, as the shell and Process.ExitCode report it

    private readonly string _folder = Directory.CreateTempSubdirectory("console-start-process-").FullName;
    private readonly TcpListener _taken = new(IPAddress.Loopback, 0);

    public ConsoleStartProcessTests() => _taken.Start();

    private string TakenPort => ((IPEndPoint)_taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _taken.Stop();
        _taken.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_taken_HTTP_port_ends_the_start_with_exit_code_1_and_the_address_not_an_abort()
    {
        var (exitCode, output) = await RunConsoleAsync($"--Urls=http://127.0.0.1:{TakenPort}");

        Assert.NotEqual(Aborted, exitCode);
        Assert.Equal(1, exitCode);
        Assert.Contains($"The console could not start: Failed to bind to address http://127.0.0.1:{TakenPort}: address already in use.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_receiver_port_ends_the_start_with_exit_code_1_naming_the_receiver_and_its_setting()
    {
        var (exitCode, output) = await RunConsoleAsync("--Urls=http://127.0.0.1:0", $"--Ingest:Syslog:Port={TakenPort}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"The console could not start: Syslog receiver cannot listen on tcp 127.0.0.1:{TakenPort} (Ingest:Syslog:BindAddress, Ingest:Syslog:Port)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_fails_validation_ends_the_start_with_exit_code_1_and_the_setting()
    {
        var (exitCode, output) = await RunConsoleAsync("--Urls=http://127.0.0.1:0", "--Alerts:Webhooks:AllowedHosts:0=a b/99");

        Assert.Equal(1, exitCode);
        Assert.Contains("The console could not start: ", output, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts:0 'a b/99' is not a host name", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_another_console_holds_ends_the_start_with_exit_code_1_before_anything_is_written()
    {
        // This test process holds the folder as a running console would.
        var data = Path.Combine(_folder, "data");
        using var held = Console.Shared.Storage.DataFolderLock.TryAcquire(data, out _);
        Assert.NotNull(held);

        var (exitCode, output) = await RunConsoleAsync("--Urls=http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        Assert.Contains($"The console could not start: the data folder {data} is in use by another console process", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.Equal([Console.Shared.Storage.DataFolderLock.FileName], Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName));
    }

    /// <summary>Starts the built console (Console.Web.dll) on this test's folder and waits for it to exit by itself.</summary>
    private Task<(int ExitCode, string Output)> RunConsoleAsync(params string[] arguments) =>
        ConsoleRun.UntilExitAsync(_folder, TimeSpan.FromSeconds(120), arguments);
}
