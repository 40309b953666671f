using Microsoft.AspNetCore.Components.Authorization;

namespace Console.Web.Searching;

/// <summary>
/// Who the searches of this DI scope count against. In a Blazor circuit (and while a page prerenders) that is the
/// circuit's user, read from <see cref="AuthenticationStateProvider"/> at each search, as the user can change while a page
/// stays open; the circuit's <c>HttpContext</c> is never read, as Blazor may have handed it to another request by then.
/// In a plain HTTP request (an API route that runs a page's service, such as the rule preview) the provider holds no
/// user, and the request's own caller counts.
/// </summary>
public sealed class CurrentSearchCaller(AuthenticationStateProvider authentication, IHttpContextAccessor http)
{
    public async Task<string> GetAsync()
    {
        Task<AuthenticationState> state;
        try
        {
            state = authentication.GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            // Blazor's provider throws until a circuit or a page render sets its user: this scope is a plain request.
            return http.HttpContext is { } context ? SearchCaller.Of(context) : SearchCaller.Of(new(), null);
        }

        return SearchCaller.Of((await state.ConfigureAwait(false)).User, null);
    }
}
