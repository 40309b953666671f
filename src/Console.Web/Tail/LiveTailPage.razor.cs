using Console.Shared.Query;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace Console.Web.Tail;

/// <summary>
/// Seq's and Kibana's live tail: newest first, filtered by the same query engine as Discover. Rows reach the browser
/// in batches of at most <see cref="RowsPerFlush"/> every <see cref="FlushInterval"/> (a hundred a second per viewer),
/// <see cref="MaxRows"/> stay reachable on the page (only those in view are drawn, see <see cref="TailRowWindow"/>), and what
/// a burst leaves over is counted as skipped. While the viewer
/// reads older rows (scrolled away from the newest edge) new rows wait, so nothing moves under their eyes, and a button
/// says how many arrived.
/// </summary>
public sealed partial class LiveTailPage
{
    public const int MaxRows = 2_000;
    // A hundred rows a second is more than anyone reads, and every row a browser draws costs it: with 25 a flush, ten
    // viewers' browsers fell seconds behind on two cores; with 10, and at most two render batches ahead (see
    // ConsoleWebExtensions), they stay within a second (BENCHMARKS.md, live tail findings of 2026-11-27).
    public const int RowsPerFlush = 10;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How close to the top (in CSS pixels) still counts as at the newest row.</summary>
    private const int NewestEdgePixels = 8;

    private readonly TailRowBuffer _rows = new(MaxRows);
    private readonly Queue<TailEvent> _pending = new();
    private readonly Lock _pendingLock = new();
    private string _index = Discover.DiscoverState.DefaultIndex;
    private string _query = "";
    private string _followedPattern = "";
    private string? _error;
    private bool _paused;
    private bool _following = true;
    private int _firstInView;
    private int _rowsInView = TailRowWindow.DefaultRowsInView;
    private long _skippedHere;
    private long _newWhileAway;
    private (long Skipped, int Pending, long New) _shown;
    private LiveTailSession? _session;
    private CancellationTokenSource? _stop;
    private Task? _reading;
    private Timer? _flush;
    private ElementReference _scroller;
    private IJSObjectReference? _module;
    private IJSObjectReference? _scrollWatch;
    private DotNetObjectReference<LiveTailPage>? _self;

    /// <summary>The rows the page draws now.</summary>
    private TailRowWindow Window => TailRowWindow.For(_rows.Count, _following, _firstInView, _rowsInView);

    /// <summary>Events not shown: dropped by the server for this slow viewer, or by the page's own cap while paused, away or bursting.</summary>
    private long Skipped => (_session?.Skipped ?? 0) + Interlocked.Read(ref _skippedHere);

    /// <summary>Matching events that arrived since the viewer scrolled away from the newest row.</summary>
    private long NewWhileAway => Interlocked.Read(ref _newWhileAway);

    private string Status => _session is null
        ? "Stopped. Start to follow new events."
        : _paused ? $"Paused: {PendingCount} new events wait; Resume shows them." : $"Following {_followedPattern}{(string.IsNullOrWhiteSpace(_query) ? "" : $" where {_query}")}";

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

    /// <summary>Called by the page's script when the viewer reaches or leaves the newest edge of the rows.</summary>
    [JSInvokable]
    public Task OnNewestEdgeChanged(bool atNewest) => InvokeAsync(() =>
    {
        if (atNewest == _following)
        {
            return;
        }

        _following = atNewest;
        if (atNewest)
        {
            ShowWaiting();
        }

        StateHasChanged();
    });

    /// <summary>
    /// Called by the page's script when the viewer's view nears the edge of the rows drawn, or the scroller's height
    /// changes: <paramref name="first"/> is the first row in view (0 = newest), <paramref name="rows"/> how many fit.
    /// </summary>
    [JSInvokable]
    public Task OnRowsInView(int first, int rows) => InvokeAsync(() =>
    {
        var before = Window;
        _firstInView = Math.Max(0, first);
        _rowsInView = Math.Clamp(rows, 1, MaxRows);
        if (Window != before)
        {
            StateHasChanged();
        }
    });

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            if (_scrollWatch is not null)
            {
                await _scrollWatch.InvokeVoidAsync("dispose");
                await _scrollWatch.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and its listeners with it.
        }

        _self?.Dispose();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Tail/LiveTailPage.razor.js");
            _scrollWatch = await _module.InvokeAsync<IJSObjectReference>("follow", _scroller, _self, NewestEdgePixels, TailRowWindow.RowHeight);
        }
    }

    private async Task StartAsync()
    {
        await StopAsync();
        _error = null;
        try
        {
            _session = await Tails.OpenAsync(_index, _query, await Caller.GetAsync(), CancellationToken.None);
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

        _followedPattern = _session.IndexPattern;
        _paused = false;
        Interlocked.Exchange(ref _skippedHere, 0);
        Interlocked.Exchange(ref _newWhileAway, 0);
        _rows.Clear();
        AddNewest(_session.Initial.Reverse().ToList());

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
                    if (!_following)
                    {
                        Interlocked.Increment(ref _newWhileAway);
                    }

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
        if (_session is null)
        {
            return;
        }

        var added = 0;
        if (!_paused && _following)
        {
            List<TailEvent> rows;
            lock (_pendingLock)
            {
                // More waiting than one flush shows: skip the oldest, so what is shown is the newest and the view never
                // lags behind a burst.
                while (_pending.Count > RowsPerFlush)
                {
                    _pending.Dequeue();
                    Interlocked.Increment(ref _skippedHere);
                }

                rows = new List<TailEvent>(_pending.Count);
                while (_pending.TryDequeue(out var next))
                {
                    rows.Add(next);
                }
            }

            rows.Reverse();
            added = AddNewest(rows);
        }

        // Render only when something on the page changed: a quiet tail costs the viewer nothing.
        var shown = (Skipped, PendingCount, NewWhileAway);
        if (added > 0 || shown != _shown)
        {
            _shown = shown;
            StateHasChanged();
        }
    }

    /// <summary>Shows at once what waited during a pause or while the viewer read older rows (at most <see cref="MaxRows"/>).</summary>
    private void ShowWaiting()
    {
        List<TailEvent> rows;
        lock (_pendingLock)
        {
            rows = [.. _pending];
            _pending.Clear();
            Interlocked.Exchange(ref _newWhileAway, 0);
        }

        rows.Reverse();
        AddNewest(rows);
    }

    /// <summary>Puts <paramref name="rows"/> (newest first) on top; past <see cref="MaxRows"/> the oldest go.</summary>
    private int AddNewest(List<TailEvent> rows) => _rows.AddNewest(rows, _followedPattern);

    private void TogglePause()
    {
        _paused = !_paused;
        if (!_paused && _following)
        {
            ShowWaiting();
        }
    }

    private async Task JumpToNewestAsync()
    {
        if (_scrollWatch is not null)
        {
            await _scrollWatch.InvokeVoidAsync("toNewest");
        }

        _following = true;
        if (!_paused)
        {
            ShowWaiting();
        }
    }

    private void Clear()
    {
        _rows.Clear();
        lock (_pendingLock)
        {
            _pending.Clear();
            Interlocked.Exchange(ref _newWhileAway, 0);
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
}
