using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Tail;

/// <summary>
/// A browser that falls behind (ten live tails on one laptop) must not be sent ten render batches ahead of what it has
/// drawn: with two, the circuit waits and sends what changed meanwhile together, and the rows it shows lag by one
/// batch's work instead of a second.
/// </summary>
public sealed class RenderBackpressureTests : IDisposable
{
    private readonly ConsoleFactory _console = new();

    public void Dispose() => _console.Dispose();

    [Fact]
    public void A_circuit_gets_at_most_two_render_batches_ahead_of_the_browser()
    {
        var circuit = _console.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(2, circuit.MaxBufferedUnacknowledgedRenderBatches);
    }
}
