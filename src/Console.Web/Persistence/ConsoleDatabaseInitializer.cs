using System.Text;
using Console.Shared.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Console.Web.Persistence;

/// <summary>
/// Checks the console's database before anything else starts and brings its schema up to date: a missing file is
/// created; a missing or unwritable folder, a file that is not SQLite, a failing <c>PRAGMA quick_check</c> or a schema
/// from a newer console stop the start with one line that names the file, the problem and what to do.
/// </summary>
public sealed class ConsoleDatabaseInitializer(
    IDbContextFactory<ConsoleDbContext> contexts,
    IOptions<ConsoleDatabaseOptions> options,
    IOptions<StorageOptions> storage,
    ILogger<ConsoleDatabaseInitializer> logger)
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>
    /// Prepares the database and answers whether it can be used; when not, the one log line has already said why.
    /// Program.cs calls this after Build() and before the host starts (WebApplicationFactory hosts run that code too), so
    /// nothing listens on a bad database and the process ends with exit code 1 and no stack trace.
    /// </summary>
    public async Task<bool> TryPrepareAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await PrepareAsync(cancellationToken);
            return true;
        }
        catch (ConsoleDatabaseException ex)
        {
            logger.LogCritical("{Problem}", ex.Message);
            return false;
        }
        catch (OptionsValidationException ex)
        {
            logger.LogCritical("Bad setting: {Problem}", ex.Message);
            return false;
        }
    }

    /// <exception cref="ConsoleDatabaseException">The database cannot be used as it is.</exception>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var (file, isExplicit) = options.Value.Resolve(storage.Value);
        var folder = Path.GetDirectoryName(file)!;
        CheckFolder(file, folder, isExplicit);
        var existed = File.Exists(file);
        if (existed)
        {
            CheckHeader(file);
        }

        await CheckIntegrityAsync(file, cancellationToken);

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var known = context.Database.GetMigrations().ToHashSet();
        var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw Fail(file, $"its schema was written by a newer console (migration {unknown[^1]} is unknown to this one)",
                "run the newer console version, or restore a backup made by this one");
        }

        try
        {
            await context.Database.MigrateAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Fail(file, $"its schema could not be brought up to date: {ex.Message}", "restore a backup, or move the file away to start with an empty database");
        }

        var pending = known.Count - applied.Count;
        logger.LogInformation("Console database {File} ready ({State})", file,
            !existed ? "created" : pending > 0 ? $"upgraded by {pending} migration(s)" : "schema up to date");
    }

    private static void CheckFolder(string file, string folder, bool isExplicit)
    {
        if (!Directory.Exists(folder))
        {
            if (isExplicit)
            {
                throw Fail(file, $"its folder {folder} does not exist", $"create the folder, or set {ConsoleDatabaseOptions.Section}:Path to a file in an existing folder");
            }

            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Fail(file, $"its folder {folder} cannot be created ({ex.Message})", $"create it with write access for the console's user, or change {StorageOptions.Section}:DataPath");
            }
        }

        // SQLite writes its journal beside the file, so the folder must be writable even when the file already exists.
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.probe"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(file, $"its folder {folder} is not writable ({ex.Message})", "give the console's user write access to the folder, or choose another path");
        }
    }

    private static void CheckHeader(string file)
    {
        var header = new byte[SqliteHeader.Length];
        int read;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(file, $"it cannot be opened for reading and writing ({ex.Message})", "give the console's user read and write access to the file");
        }

        // An empty file is a valid, empty SQLite database; anything else must start with SQLite's magic header.
        if (read > 0 && (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader)))
        {
            throw Fail(file, "it is not a SQLite database", "move it away (a new database is then created) or restore a backup of the console's database");
        }
    }

    private static async Task CheckIntegrityAsync(string file, CancellationToken cancellationToken)
    {
        // Pooling off: this connection must not linger and keep the file open after the check.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check";
            var problems = new List<string>();
            await using (var reader = await check.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    problems.Add(reader.GetString(0));
                }
            }

            if (problems is not ["ok"])
            {
                // A row may hold several lines; the first few tell enough, and the log line must stay one line.
                var lines = problems.SelectMany(p => p.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                var more = lines.Count > 3 ? $" and {lines.Count - 3} more" : "";
                throw Fail(file, $"it is corrupt (PRAGMA quick_check: {string.Join("; ", lines.Take(3))}{more})", CorruptRemedy);
            }

            // Readers and the writer do not block each other in WAL mode; the setting stays with the file.
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteScalarAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            var problem = ex.SqliteErrorCode switch
            {
                11 or 26 => $"it is corrupt or not a SQLite database ({ex.Message})", // SQLITE_CORRUPT, SQLITE_NOTADB
                _ => $"it cannot be opened ({ex.Message})",
            };
            throw Fail(file, problem, ex.SqliteErrorCode is 11 or 26 ? CorruptRemedy : "check the file's and its folder's permissions and free disk space");
        }
    }

    private const string CorruptRemedy = "restore a backup of the console's database, or move the file away to start with an empty one";

    private static ConsoleDatabaseException Fail(string file, string problem, string remedy) =>
        new($"Console database {file}: {problem}. To fix: {remedy}.");
}
