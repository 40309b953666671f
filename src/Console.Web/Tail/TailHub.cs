using System.Runtime.CompilerServices;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Searching;
using Microsoft.AspNetCore.SignalR;

namespace Console.Web.Tail;

/// <summary>
/// <c>/hubs/tail</c>: the live tail for any SignalR client. <c>Stream(index, query)</c> yields the last 100 matching
/// events (a search in the caller's search budget, waiting in line for a slot as the pages' searches do), then each matching
/// event as it is accepted; a bad query or pattern, or no free slot within the query timeout, ends the stream with the reason.
/// </summary>
public sealed class TailHub(LiveTailService tails) : Hub
{
    public const string Path = "/hubs/tail";

    public async IAsyncEnumerable<TailMessage> Stream(string? index, string? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LiveTailSession session;
        try
        {
            // The hub's own user and address: a hub call has no Blazor circuit to read them from.
            var caller = SearchCaller.Of(Context.User ?? new System.Security.Claims.ClaimsPrincipal(), Context.GetHttpContext()?.Connection.RemoteIpAddress);
            session = await tails.OpenAsync(index, query, caller, cancellationToken);
        }
        catch (Exception ex) when (ex is QuerySyntaxException or StoreRequestException)
        {
            throw new HubException(ex is QuerySyntaxException syntax ? syntax.MessageWithPosition : ex.Message);
        }

        using (session)
        {
            foreach (var initial in session.Initial)
            {
                yield return TailMessage.From(initial, 0);
            }

            await foreach (var live in session.ReadAsync(cancellationToken))
            {
                yield return TailMessage.From(live, session.Skipped);
            }
        }
    }
}
