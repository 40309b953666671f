using System.ComponentModel.DataAnnotations;

namespace Console.Web.Apis;

/// <summary>
/// The <c>Ingest:RateLimit</c> settings: a token bucket per API key (per signed-in user, or per client address when
/// sign-in is off) shared by every HTTP ingest route. A request beyond it is answered 429 with Retry-After before its
/// body is read.
/// </summary>
public sealed class IngestRateLimitOptions
{
    public const string Section = "Ingest:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a sender gets back every <see cref="Period"/>: its sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Requests { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests a sender may make at once after a quiet spell (the bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;
}
