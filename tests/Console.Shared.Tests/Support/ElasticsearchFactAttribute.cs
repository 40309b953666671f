namespace Console.Shared.Tests.Support;

/// <summary>A test that needs a real Elasticsearch: reported as skipped unless ELASTICSEARCH_URL names one (xunit 2 skips through the attribute).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ElasticsearchFactAttribute : FactAttribute
{
    public const string UrlVariable = "ELASTICSEARCH_URL";

    public ElasticsearchFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(UrlVariable)))
        {
            Skip = $"{UrlVariable} is not set: there is no Elasticsearch to run the contract against";
        }
    }
}
