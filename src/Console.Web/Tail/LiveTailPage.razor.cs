using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Discover;
using Microsoft.AspNetCore.Components.Web;

namespace Console.Web.Tail;

/// <summary>
/// Seq's and Kibana's live tail: newest first, filtered by the same query engine as Discover. Rows reach the browser
/// in batches of at most <see cref="RowsPerFlush"/> every <see cref="FlushInterval"/> (a few hundred a second per viewer),
/// at most <see cref="MaxRows"/> stay on the page, and what a burst leaves over is counted as skipped.
/// </summary>
public sealed partial class LiveTailPage
{
    public const int MaxRows = 2_000;
    public const int RowsPerFlush = 40;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly LinkedList<TailEvent> _rows = new();
    private readonly Queue<TailEvent> _pending = new();
    private readonly Lock _pendingLock = new();
    private string _index = DiscoverState.DefaultIndex;
    private string _query = "";
    private string? _error;
    private bool _paused;
    private DateTime _catchUpUntil;
    private long _skippedHere;
    private long _skippedShown;
    private LiveTailSession? _session;
    private CancellationTokenSource? _stop;
    private Task? _reading;
    private Timer? _flush;

    /// <summary>Events not shown: dropped by the server for this slow viewer, or by the page's own cap while paused or bursting.</summary>
    private long Skipped => (_session?.Skipped ?? 0) + Interlocked.Read(ref _skippedHere);

    private string Status => _session is null
        ? "Stopped. Start to follow new events."
        : _paused ? $"Paused: {PendingCount} new events wait; Resume shows them." : $"Following {_index}{(string.IsNullOrWhiteSpace(_query) ? "" : $" where {_query}")}";

    private int PendingCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartAsync()
    {
        await StopAsync();
        _error = null;
        try
        {
            _session = await Tails.OpenAsync(_index, _query, CancellationToken.None);
        }
        catch (QuerySyntaxException ex)
        {
            _error = ex.MessageWithPosition;
            return;
        }
        catch (StoreRequestException ex)
        {
            _error = ex.Message;
            return;
        }

        _paused = false;
        Interlocked.Exchange(ref _skippedHere, 0);
        _rows.Clear();
        foreach (var initial in _session.Initial)
        {
            _rows.AddFirst(initial);
        }

        _stop = new CancellationTokenSource();
        var session = _session;
        var stop = _stop.Token;
        _reading = Task.Run(() => ReadAsync(session, stop), CancellationToken.None);
        _flush = new Timer(_ => _ = InvokeAsync(Flush), null, FlushInterval, FlushInterval);
    }

    private async Task ReadAsync(LiveTailSession session, CancellationToken stop)
    {
        try
        {
            await foreach (var tailEvent in session.ReadAsync(stop))
            {
                lock (_pendingLock)
                {
                    _pending.Enqueue(tailEvent);
                    if (_pending.Count > MaxRows)
                    {
                        // More waits than the page could ever show: the oldest waiting event goes.
                        _pending.Dequeue();
                        Interlocked.Increment(ref _skippedHere);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Flush()
    {
        if (_paused || _session is null)
        {
            StateHasChanged(); // the waiting count and skipped counter still move
            return;
        }

        var added = 0;
        lock (_pendingLock)
        {
            // More waiting than one flush shows: skip the oldest, so what is shown is the newest and the view never lags
            // behind a burst; except while a resume catches up with what the pause held back.
            while (DateTime.UtcNow >= _catchUpUntil && _pending.Count > RowsPerFlush)
            {
                _pending.Dequeue();
                Interlocked.Increment(ref _skippedHere);
            }

            while (added < RowsPerFlush && _pending.TryDequeue(out var next))
            {
                _rows.AddFirst(next);
                added++;
            }
        }

        while (_rows.Count > MaxRows)
        {
            _rows.RemoveLast();
        }

        // Render only when something on the page changed: a quiet tail costs the viewer nothing.
        if (added > 0 || Skipped != _skippedShown)
        {
            _skippedShown = Skipped;
            StateHasChanged();
        }
    }

    private void TogglePause()
    {
        _paused = !_paused;
        if (!_paused)
        {
            _catchUpUntil = DateTime.UtcNow + FlushInterval * (MaxRows / RowsPerFlush);
        }
    }

    private void Clear()
    {
        _rows.Clear();
        lock (_pendingLock)
        {
            _pending.Clear();
        }
    }

    private async Task StopAsync()
    {
        _flush?.Dispose();
        _flush = null;
        if (_stop is not null)
        {
            await _stop.CancelAsync();
        }

        if (_reading is not null)
        {
            await _reading;
            _reading = null;
        }

        _stop?.Dispose();
        _stop = null;
        _session?.Dispose();
        _session = null;
        _paused = false;
    }

    private async Task OnQueryKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await StartAsync();
        }
    }

    /// <summary>Discover over the minute around the event, in its own index.</summary>
    private static string ContextLink(TailEvent row) => new DiscoverState(
        row.Index,
        "",
        row.Timestamp.AddSeconds(-30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        row.Timestamp.AddSeconds(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        "").ToUrl();
}
