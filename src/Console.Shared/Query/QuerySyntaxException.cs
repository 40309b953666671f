namespace Console.Shared.Query;

/// <summary>A query the user wrote cannot be run; <see cref="Position"/> is the 0-based character it went wrong at, when known.</summary>
public class QuerySyntaxException : Exception
{
    public QuerySyntaxException(string message, int? position = null)
        : base(message)
    {
        Position = position;
    }

    public QuerySyntaxException(string message, int? position, Exception inner)
        : base(message, inner)
    {
        Position = position;
    }

    public QuerySyntaxException()
    {
    }

    public QuerySyntaxException(string message)
        : base(message)
    {
    }

    public QuerySyntaxException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public int? Position { get; }

    /// <summary>The message with the character it points at, counted from 1 as people count (for pages and streams; the HTTP API returns <see cref="Position"/> as a field).</summary>
    public string MessageWithPosition => Position is { } position ? $"{Message} (at character {position + 1})" : Message;
}
