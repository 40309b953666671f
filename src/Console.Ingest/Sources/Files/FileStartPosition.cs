namespace Console.Ingest.Sources.Files;

/// <summary>Where reading starts in a file the registry has never seen, on an input's first run.</summary>
public enum FileStartPosition
{
    /// <summary>Read the whole existing content (Filebeat's default).</summary>
    Beginning,

    /// <summary>Skip what is already there and read only what is appended (Filebeat's <c>tail_files</c>).</summary>
    End,
}
