using System.ComponentModel.DataAnnotations;
using Console.Shared.Storage;

namespace Console.Web.Persistence;

/// <summary>The <c>ConsoleDatabase</c> section: where the console keeps its own state (saved searches, and later dashboards, alert rules and history).</summary>
public sealed class ConsoleDatabaseOptions
{
    public const string Section = "ConsoleDatabase";

    /// <summary>The file name used under <see cref="StorageOptions.DataPath"/> when <see cref="Path"/> is not set.</summary>
    public const string DefaultFileName = "console.db";

    /// <summary>The SQLite file; empty means <c>{Storage:DataPath}/console.db</c>. Relative paths are under the working directory.</summary>
    [MaxLength(4096)]
    public string? Path { get; set; }

    /// <summary>The absolute path of the database file, and whether it was chosen explicitly (its folder must then exist already).</summary>
    public (string File, bool Explicit) Resolve(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(Path)
            ? (System.IO.Path.GetFullPath(System.IO.Path.Combine(storage.DataPath, DefaultFileName)), false)
            : (System.IO.Path.GetFullPath(Path.Trim()), true);
    }
}
