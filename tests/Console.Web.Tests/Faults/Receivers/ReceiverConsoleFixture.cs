using Console.Web.Tests.Faults.Io;

namespace Console.Web.Tests.Faults.Receivers;

/// <summary>One console child process for all the receiver fault cases (each case has its own marker), started once.</summary>
public sealed class ReceiverConsoleFixture : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "faultsio-receivers-" + Guid.NewGuid().ToString("N"));

    public FaultConsole Console { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Console = new FaultConsole(_dataPath);
        await Console.StartAsync();
    }

    public Task DisposeAsync()
    {
        Console.Dispose();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
