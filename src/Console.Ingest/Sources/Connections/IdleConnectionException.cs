namespace Console.Ingest.Sources.Connections;

/// <summary>A connection sent nothing for its receiver's idle timeout; the receiver closes it.</summary>
public sealed class IdleConnectionException : IOException
{
    public IdleConnectionException()
    {
    }

    public IdleConnectionException(string message) : base(message)
    {
    }

    public IdleConnectionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public IdleConnectionException(TimeSpan idleTimeout) : base($"nothing received for {idleTimeout}")
    {
    }
}
