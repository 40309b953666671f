using Console.EndToEnd.Support;

namespace Console.EndToEnd.Dashboards;

/// <summary>The dashboard tests share the corpus console and one Chromium, and run when no other browser test does.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardsCollection : ICollectionFixture<CorpusServerFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Dashboards over the corpus in Chromium";
}
