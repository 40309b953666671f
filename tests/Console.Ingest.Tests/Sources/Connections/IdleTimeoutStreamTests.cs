using System.IO.Pipelines;
using Console.Ingest.Sources.Connections;

namespace Console.Ingest.Tests.Sources.Connections;

public class IdleTimeoutStreamTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_read_with_nothing_arriving_fails_as_idle()
    {
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), Idle, TimeProvider.System);

        var read = stream.ReadAsync(new byte[16]).AsTask();

        var error = await Assert.ThrowsAsync<IdleConnectionException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("nothing received for 00:00:00.2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Time_between_reads_does_not_count_so_a_reader_held_back_by_backpressure_is_not_idle()
    {
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), Idle, TimeProvider.System);
        await pipe.Writer.WriteAsync("first"u8.ToArray());
        var buffer = new byte[16];
        Assert.Equal(5, await stream.ReadAsync(buffer));
        await pipe.Writer.WriteAsync("second"u8.ToArray());

        // The receiver is busy (a full queue) for several idle timeouts; the data waiting meanwhile is still read.
        await Task.Delay(Idle * 4);

        Assert.Equal(6, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), TimeSpan.FromMinutes(5), TimeProvider.System);
        using var stop = new CancellationTokenSource();

        var read = stream.ReadAsync(new byte[16], stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
