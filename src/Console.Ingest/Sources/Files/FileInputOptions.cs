using System.ComponentModel.DataAnnotations;
using Console.Shared.Events;

namespace Console.Ingest.Sources.Files;

/// <summary>One group of files read the same way (a Filebeat input), e.g. the Django application logs.</summary>
public sealed class FileInputOptions
{
    public const string PlainFormat = "plain";

    public const string DockerJsonFormat = "docker-json";

    /// <summary>Names the input in stats and event ids (<c>file:django</c>); keep it stable, the registry is keyed by it.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "Name must be letters, digits, '.', '_' or '-'.")]
    public string Name { get; set; } = "";

    /// <summary>Absolute paths or globs (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>**</c> for any depth of directories), expanded every scan.</summary>
    [MinLength(1)]
    public List<string> Paths { get; set; } = [];

    /// <summary>
    /// Regular expressions for paths the globs match but that are not read, e.g. <c>\.gz$</c> when the globs include
    /// rotated names (<c>app.log*</c>) so that a burst of rotations faster than a scan loses nothing.
    /// </summary>
    public List<string> ExcludeFiles { get; set; } = [];

    /// <summary>The parser the pipeline runs on each event, by name; null sends the raw message.</summary>
    public string? Parser { get; set; }

    [Required]
    public string IndexBase { get; set; } = IndexNames.DefaultBase;

    /// <summary>Null reads one event per line.</summary>
    public MultilineOptions? Multiline { get; set; }

    /// <summary>Text encoding of the files; it must write '\n' as the single byte 0x0A (utf-8, latin1, ascii).</summary>
    [Required]
    public string Encoding { get; set; } = "utf-8";

    public FileStartPosition StartAt { get; set; } = FileStartPosition.Beginning;

    /// <summary><c>plain</c> text lines, or <c>docker-json</c> for Docker's json-file logging driver.</summary>
    [Required]
    public string Format { get; set; } = PlainFormat;
}
