namespace Console.Web.Persistence;

/// <summary>The console's database cannot be used; the message names the file, the problem and what to do.</summary>
public sealed class ConsoleDatabaseException : Exception
{
    public ConsoleDatabaseException()
    {
    }

    public ConsoleDatabaseException(string message)
        : base(message)
    {
    }

    public ConsoleDatabaseException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
