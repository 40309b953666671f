namespace Console.Shared.Events;

/// <summary>
/// <see cref="IndexNames.Daily"/> that remembers the last name it built: events come in runs of one index base and one
/// day, and building the name again was a new string for every event. Safe to share between threads.
/// </summary>
public sealed class DailyIndexNames
{
    private Entry? _last;

    public string For(string indexBase, DateTimeOffset timestamp)
    {
        var day = DateOnly.FromDateTime(timestamp.UtcDateTime);
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Day == day && string.Equals(last.Base, indexBase, StringComparison.Ordinal))
        {
            return last.Name;
        }

        var name = IndexNames.Daily(indexBase, timestamp);
        Volatile.Write(ref _last, new Entry(indexBase, day, name));
        return name;
    }

    private sealed record Entry(string Base, DateOnly Day, string Name);
}
