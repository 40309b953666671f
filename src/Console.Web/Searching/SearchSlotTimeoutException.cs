using Console.Shared.Query.Limits;
using Console.Shared.Storage;

namespace Console.Web.Searching;

/// <summary>
/// A page's search that waited <see cref="QueryLimitsOptions.Timeout"/> for one of its user's
/// <see cref="QueryLimitsOptions.MaxConcurrentSearchesPerUser"/> slots and never started; pages show the message as they
/// show any refused search.
/// </summary>
public sealed class SearchSlotTimeoutException : StoreRequestException
{
    public SearchSlotTimeoutException(int maxPerUser, TimeSpan waited)
        : base($"this search waited {waited.TotalSeconds:0.###} s for a free search slot and did not start: your other searches (at most {maxPerUser} run at once per user, over the pages and the API together) held them all; wait for them to finish or narrow them (setting {QueryLimitsOptions.Setting(nameof(QueryLimitsOptions.MaxConcurrentSearchesPerUser))})")
    {
        MaxPerUser = maxPerUser;
        Waited = waited;
    }

    public int MaxPerUser { get; }

    public TimeSpan Waited { get; }
}
