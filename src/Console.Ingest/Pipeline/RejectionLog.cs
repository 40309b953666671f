using Microsoft.Extensions.Logging;

namespace Console.Ingest.Pipeline;

/// <summary>
/// Writes one input's rejections to the console's own log without letting a flood of garbage flood it: the first
/// <see cref="DetailedPerWindow"/> of a quiet spell are logged with their reasons, the rest are summed and written as one
/// line per <see cref="Window"/> ("1,234 more rejected lines on input tcp-json in the last 10 s") while the flood lasts.
/// A window with no rejection ends the flood, so the next bad line is logged with its reason again. The counters in
/// <c>/api/ingest/stats</c> count every rejection whatever is logged.
/// </summary>
public sealed class RejectionLog : IDisposable
{
    /// <summary>Rejections logged one by one, with their reasons, before the rest of a flood is only summed.</summary>
    public const int DetailedPerWindow = 5;

    /// <summary>How often a flood is summarised; also how long an input must stay quiet before rejections are detailed again.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly string _input;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _detailed;
    private long _heldBack;
    private string? _latestReason;
    private bool _disposed;

    public RejectionLog(string input, ILogger logger, TimeProvider clock)
    {
        _input = input;
        _logger = logger;
        _clock = clock;
    }

    /// <summary>Logs <paramref name="count"/> rejections for <paramref name="reason"/>, or adds them to the window's summary.</summary>
    public void Add(string reason, long count = 1)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // The window starts with the first rejection after a quiet one; its end writes the summary, if any.
            _timer ??= _clock.CreateTimer(_ => EndWindow(), null, Window, Window);
            if (_detailed < DetailedPerWindow)
            {
                _detailed++;
                if (count == 1)
                {
                    _logger.LogWarning("Rejected on input {Input}: {Reason}", _input, reason);
                }
                else
                {
                    _logger.LogWarning("Rejected {Count} events on input {Input}: {Reason}", count, _input, reason);
                }

                return;
            }

            _heldBack += count;
            _latestReason = reason;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void EndWindow()
    {
        lock (_lock)
        {
            if (_heldBack > 0)
            {
                // Still flooding: the next window is summed too, without details.
                _logger.LogWarning("{Count} more rejected lines on input {Input} in the last {Seconds} s; the latest: {Reason} (every rejection is counted in /api/ingest/stats)",
                    _heldBack, _input, (int)Window.TotalSeconds, _latestReason);
                _heldBack = 0;
                _latestReason = null;
                _detailed = DetailedPerWindow;
                return;
            }

            // A quiet window: the flood is over; the next rejection is logged with its reason and starts a new window.
            _detailed = 0;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
