namespace Console.Ingest.Sources.Clef;

/// <summary>
/// Decides whether a Seq-style API key (<c>X-Seq-ApiKey</c>) may ingest. Kept behind an interface so the console's own
/// API keys can take over from <see cref="ConfiguredSeqApiKeyValidator"/> without touching the receiver.
/// </summary>
public interface ISeqApiKeyValidator
{
    ValueTask<ApiKeyVerdict> CheckAsync(string? apiKey, CancellationToken cancellationToken);
}
