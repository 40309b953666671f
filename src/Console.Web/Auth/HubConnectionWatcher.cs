using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Console.Web.Auth;

/// <summary>
/// Closes SignalR hub connections whose caller is no longer allowed in: a signed-out or expired session, a disabled or
/// changed user, a revoked API key. Checks every <see cref="AuthOptions.RevalidationInterval"/>, and at once when a
/// user, session or key changes.
/// </summary>
public sealed class HubConnectionWatcher(SessionValidator sessions, ApiKeyService keys, IOptions<AuthOptions> options, ILogger<HubConnectionWatcher> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changed = new(0, 1);

    public int Count => _connections.Count;

    public void Add(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _connections[context.ConnectionId] = context;
    }

    public void Remove(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _connections.TryRemove(context.ConnectionId, out _);
    }

    /// <summary>Whether this caller may still use a hub.</summary>
    public async ValueTask<bool> IsAllowedAsync(ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        if (user is null || !await sessions.IsValidAsync(user, cancellationToken))
        {
            return false;
        }

        return !user.HasClaim(ConsoleClaimTypes.Kind, ConsoleClaimTypes.ApiKeyKind)
            || (long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && await keys.IsActiveAsync(id, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        sessions.Changed += Signal;
        keys.Revoked += Signal;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(options.Value.RevalidationInterval, stoppingToken);
                foreach (var context in _connections.Values)
                {
                    if (!await IsAllowedAsync(context.User, stoppingToken))
                    {
                        logger.LogInformation("Closing hub connection {ConnectionId} of {User}: session ended or access revoked", context.ConnectionId, context.User?.Identity?.Name);
                        _connections.TryRemove(context.ConnectionId, out _);
                        context.Abort();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            sessions.Changed -= Signal;
            keys.Revoked -= Signal;
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A check is already due.
        }
    }
}
