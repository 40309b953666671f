namespace Console.Ingest.Sources.Clef;

public enum ApiKeyVerdict
{
    Accepted,

    /// <summary>Keys are required and the request carried none (HTTP 401).</summary>
    Missing,

    /// <summary>The request's key is not one of the accepted keys (HTTP 401).</summary>
    Invalid,
}
