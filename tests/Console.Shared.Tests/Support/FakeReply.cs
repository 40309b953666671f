namespace Console.Shared.Tests.Support;

/// <summary>What the fake Elasticsearch answers: a status and a JSON body, often a recorded response from Data/Elasticsearch.</summary>
public sealed record FakeReply(int Status, string Body)
{
    public static FakeReply Ok(string body) => new(200, body);

    /// <summary>A recorded response from <c>Data/Elasticsearch/{name}</c>.</summary>
    public static FakeReply Recorded(string name, int status = 200) =>
        new(status, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Elasticsearch", name)));
}
