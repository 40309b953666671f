namespace Console.Shared.Storage;

/// <summary>A read the store refuses as asked (an unknown field type for top values, too many buckets); the message says why.</summary>
public class StoreRequestException : Exception
{
    public StoreRequestException()
    {
    }

    public StoreRequestException(string message)
        : base(message)
    {
    }

    public StoreRequestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
