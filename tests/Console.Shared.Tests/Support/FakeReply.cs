namespace Console.Shared.Tests.Support;

/// <summary>What the fake Elasticsearch answers: a status and a JSON body, often a recorded response from Data/Elasticsearch.</summary>
public sealed record FakeReply(int Status, string Body)
{
    /// <summary>How long the fake waits before it answers anything (a node in a long GC pause or with full queues).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How long the fake stalls after it has sent the headers and half the body (a proxy or node that stops mid-answer).</summary>
    public TimeSpan StallMidBody { get; init; }

    public static FakeReply Ok(string body) => new(200, body);

    /// <summary>A recorded response from <c>Data/Elasticsearch/{name}</c>.</summary>
    public static FakeReply Recorded(string name, int status = 200) =>
        new(status, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Elasticsearch", name)));
}
