using Microsoft.AspNetCore.SignalR;

namespace Console.Web.Auth;

/// <summary>
/// Every hub: connections are registered with <see cref="HubConnectionWatcher"/> (which closes them when access ends),
/// and each invocation re-checks the caller, so a call right after sign-out is refused before the watcher's next round.
/// Blazor's own circuit hub is left to <see cref="ConsoleAuthenticationStateProvider"/>, which sends the browser to the
/// login page instead of leaving it at a broken connection.
/// </summary>
public sealed class HubSessionFilter(HubConnectionWatcher watcher) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (IsBlazorCircuit(invocationContext.Hub))
        {
            return await next(invocationContext);
        }

        if (!await watcher.IsAllowedAsync(invocationContext.Context.User, invocationContext.Context.ConnectionAborted))
        {
            invocationContext.Context.Abort();
            throw new HubException("Your session has ended; sign in again.");
        }

        return await next(invocationContext);
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsBlazorCircuit(context.Hub))
        {
            watcher.Add(context.Context);
        }

        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        watcher.Remove(context.Context);
        return next(context, exception);
    }

    private static bool IsBlazorCircuit(Hub hub) => hub.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) == true;
}
