using System.ComponentModel.DataAnnotations;

namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>How to reach the cluster: the <c>Store:Elasticsearch</c> section of the settings.</summary>
public sealed class ElasticsearchClientOptions
{
    /// <summary>The node used when <see cref="Urls"/> is empty.</summary>
    public static readonly Uri DefaultUrl = new("http://localhost:9200");

    /// <summary>
    /// One or more node URLs; requests go round-robin and fail over to the next node when one cannot be reached. Empty
    /// means <see cref="DefaultUrl"/>: a default in the list itself would stay in front of the configured ones, because
    /// the configuration binder appends to a list.
    /// </summary>
    public List<Uri> Urls { get; set; } = [];

    /// <summary>An API key as Elasticsearch returns it encoded (the value after <c>ApiKey </c>); wins over user and password.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A PEM file of the CA that signed the cluster's certificate (Elasticsearch 8's <c>http_ca.crt</c>); the system store is used when empty.</summary>
    public string? CertificateAuthorityPath { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
