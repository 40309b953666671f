using System.Text.Json;
using Microsoft.JSInterop;

namespace Console.Web.Discover;

/// <summary>
/// The last distinct queries run in Discover, newest first, kept in the browser's localStorage so they survive a reload.
/// Until the browser is reachable (prerendering) the list lives in memory only; <see cref="LoadAsync"/> then merges
/// what the browser kept behind what this session ran.
/// </summary>
public sealed class QueryHistory(IJSRuntime js, ILogger<QueryHistory> logger)
{
    public const string StorageKey = "console.discover.history";
    public const int Length = 20;

    private readonly List<string> _queries = [];
    private bool _loaded;

    /// <summary>Newest first, each query once.</summary>
    public IReadOnlyList<string> Queries => _queries;

    /// <summary>Reads the browser's list; call once the page is interactive (after its first render).</summary>
    public async Task LoadAsync()
    {
        if (_loaded)
        {
            return;
        }

        try
        {
            var stored = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
            _loaded = true;
            foreach (var query in Parse(stored))
            {
                if (!_queries.Contains(query, StringComparer.Ordinal))
                {
                    _queries.Add(query);
                }
            }

            Trim();
            await SaveAsync();
        }
        catch (Exception ex) when (IsBrowserUnavailable(ex))
        {
            logger.LogDebug(ex, "Query history not read from the browser");
        }
    }

    /// <summary>Puts <paramref name="query"/> first (once), and stores the list when the browser is reachable.</summary>
    public async Task AddAsync(string query)
    {
        _queries.Remove(query);
        _queries.Insert(0, query);
        Trim();
        if (_loaded)
        {
            await SaveAsync();
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await js.InvokeVoidAsync("localStorage.setItem", StorageKey, JsonSerializer.Serialize(_queries));
        }
        catch (Exception ex) when (IsBrowserUnavailable(ex))
        {
            logger.LogDebug(ex, "Query history not stored in the browser");
        }
    }

    private void Trim()
    {
        if (_queries.Count > Length)
        {
            _queries.RemoveRange(Length, _queries.Count - Length);
        }
    }

    /// <summary>The stored list; anything else (another app's value, a hand edit) counts as empty rather than failing the page.</summary>
    private static List<string> Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string?>>(stored)?.OfType<string>().ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // Prerendering has no browser (InvalidOperationException); a closed tab or a refused storage is not the page's problem.
    private static bool IsBrowserUnavailable(Exception ex) =>
        ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException;
}
