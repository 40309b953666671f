using Console.Ingest.Pipeline;

namespace Console.Web.Health;

/// <summary>
/// Rates from the ever-growing ingest counters: each reading keeps a sample, and a rate is the growth between the newest
/// sample and the oldest one within the last minute. Readings closer than a second apart reuse the last sample.
/// </summary>
public sealed class IngestRateMeter(IngestStats stats, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private readonly Queue<Sample> _samples = new();

    /// <summary>Events a second per input, and indexed events a second.</summary>
    public (IReadOnlyDictionary<string, double> Inputs, double Indexed) Read()
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_samples.Count == 0 || now - _samples.Last().At >= TimeSpan.FromSeconds(1))
            {
                _samples.Enqueue(new Sample(now, stats.Inputs.ToDictionary(i => i.Name, i => i.Received, StringComparer.Ordinal), stats.Stage("index").Indexed));
            }

            while (_samples.Count > 2 && now - _samples.Peek().At > Window)
            {
                _samples.Dequeue();
            }

            var first = _samples.Peek();
            var last = _samples.Last();
            var seconds = (last.At - first.At).TotalSeconds;
            if (seconds <= 0)
            {
                return (last.Received.ToDictionary(p => p.Key, _ => 0d, StringComparer.Ordinal), 0);
            }

            var inputs = last.Received.ToDictionary(p => p.Key, p => (p.Value - first.Received.GetValueOrDefault(p.Key)) / seconds, StringComparer.Ordinal);
            return (inputs, (last.Indexed - first.Indexed) / seconds);
        }
    }

    private sealed record Sample(DateTimeOffset At, Dictionary<string, long> Received, long Indexed);
}
