namespace Console.Shared.Storage;

/// <summary>Elasticsearch's traffic light: green all fine, yellow usable with a warning, red not usable.</summary>
public enum HealthStatus
{
    Green,
    Yellow,
    Red,
}
