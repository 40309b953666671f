namespace Console.EndToEnd.Support;

/// <summary>The browser tests share one console server and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleServerFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Console in Chromium";
}
