using System.Net;
using System.Net.Http.Json;
using Console.Shared.Storage;
using Console.Web.Persistence;
using Console.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Persistence;

/// <summary>The checks the console runs on its own database at start, on real files.</summary>
public sealed class ConsoleDatabaseStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("console-db-tests-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string FileIn(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task A_missing_database_file_is_created_with_the_current_schema()
    {
        var file = FileIn("console.db");
        using var console = new ConsoleFactory { Settings = { ["ConsoleDatabase:Path"] = file } };
        using var client = console.CreateClient();

        var response = await client.GetAsync(new Uri("/api/saved-searches", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(file));
        Assert.Contains("saved_searches", await TablesAsync(file));
        Assert.Contains("__EFMigrationsHistory", await TablesAsync(file));
    }

    [Fact]
    public async Task By_default_the_database_is_console_db_in_the_data_folder_which_is_created()
    {
        var dataPath = FileIn("data-not-yet-there");
        using var console = new ConsoleFactory { Settings = { ["Storage:DataPath"] = dataPath } };
        using var client = console.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/saved-searches", UriKind.Relative))).StatusCode);
        Assert.True(File.Exists(Path.Combine(dataPath, ConsoleDatabaseOptions.DefaultFileName)));
    }

    [Fact]
    public async Task Saved_searches_survive_a_restart_intact()
    {
        var file = FileIn("console.db");
        long id;
        using (var first = new ConsoleFactory { Settings = { ["ConsoleDatabase:Path"] = file } })
        {
            using var client = first.CreateClient();
            var created = await client.PostAsJsonAsync(new Uri("/api/saved-searches", UriKind.Relative),
                new { name = "Payment errors", index = "thebot-logs-*", query = "log_level:ERROR AND logger:thebot.payments", from = "now-24h", to = "now", columns = new[] { "logger", "message" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<SavedSearchBody>(ApiJson.Options))!.Id;
        }

        using var second = new ConsoleFactory { Settings = { ["ConsoleDatabase:Path"] = file } };
        using var again = second.CreateClient();
        var search = await again.GetFromJsonAsync<SavedSearchBody>(new Uri($"/api/saved-searches/{id}", UriKind.Relative), ApiJson.Options);

        Assert.NotNull(search);
        Assert.Equal("Payment errors", search.Name);
        Assert.Equal("log_level:ERROR AND logger:thebot.payments", search.Query);
        Assert.Equal("now-24h", search.From);
        Assert.Equal(["logger", "message"], search.Columns);
    }

    [Fact]
    public async Task A_file_that_is_not_SQLite_is_refused_with_the_file_and_the_reason()
    {
        var file = FileIn("console.db");
        await File.WriteAllTextAsync(file, "this is a text file, not a database\n");

        var reason = await Assert.ThrowsAsync<ConsoleDatabaseException>(() => PrepareAsync(file));

        Assert.Equal($"Console database {file}: it is not a SQLite database. To fix: move it away (a new database is then created) or restore a backup of the console's database.", reason.Message);
        Assert.Equal("this is a text file, not a database\n", await File.ReadAllTextAsync(file)); // left as it was, for whoever looks into it
    }

    [Fact]
    public async Task A_schema_from_a_newer_console_is_refused()
    {
        var file = FileIn("console.db");
        await PrepareAsync(file);
        await ExecuteAsync(file, "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '99.0.0')");

        var reason = await Assert.ThrowsAsync<ConsoleDatabaseException>(() => PrepareAsync(file));

        Assert.Contains("written by a newer console (migration 29991231000000_FromTheFuture is unknown to this one)", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preparing_twice_keeps_the_data_and_applies_nothing_again()
    {
        var file = FileIn("console.db");
        await PrepareAsync(file);
        var applied = await ScalarAsync(file, "SELECT count(*) FROM __EFMigrationsHistory");
        await ExecuteAsync(file, "INSERT INTO saved_searches (name, index_pattern, query, \"from\", \"to\", columns, created_utc, updated_utc) VALUES ('kept', 'thebot-logs-*', '', 'now-15m', 'now', '', '2026-11-24 00:00:00', '2026-11-24 00:00:00')");

        await PrepareAsync(file);

        Assert.Equal("kept", await ScalarAsync(file, "SELECT name FROM saved_searches"));
        Assert.NotEqual("0", applied);
        Assert.Equal(applied, await ScalarAsync(file, "SELECT count(*) FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task The_console_process_exits_with_one_line_naming_a_garbage_file_and_what_to_do()
    {
        var file = FileIn("console.db");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());

        var (exitCode, output) = await RunConsoleAsync($"--ConsoleDatabase:Path={file}");

        Assert.Equal(1, exitCode);
        AssertOneProblemLine(output, file, "it is not a SQLite database", "To fix: move it away");
    }

    [Fact]
    public async Task The_console_process_exits_with_one_line_when_a_real_database_is_damaged()
    {
        var file = FileIn("console.db");
        await ExecuteAsync(file, """
            CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler (body) SELECT randomblob(300) FROM n;
            """);
        // Keep SQLite's header page, scribble over the table's pages, as a torn disk write would.
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 40_000);
        Array.Fill(bytes, (byte)0x5A, 4096, 32_768);
        await File.WriteAllBytesAsync(file, bytes);

        var (exitCode, output) = await RunConsoleAsync($"--ConsoleDatabase:Path={file}");

        Assert.Equal(1, exitCode);
        AssertOneProblemLine(output, file, "corrupt", "To fix: restore a backup");
    }

    [Fact]
    public async Task The_console_process_exits_with_one_line_when_the_chosen_folder_does_not_exist()
    {
        var file = Path.Combine(_folder, "no-such-folder", "console.db");

        var (exitCode, output) = await RunConsoleAsync($"--ConsoleDatabase:Path={file}");

        Assert.Equal(1, exitCode);
        AssertOneProblemLine(output, file, $"its folder {Path.GetDirectoryName(file)} does not exist", "To fix: create the folder");
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }

    /// <summary>Runs the start checks and migrations on <paramref name="file"/> as Program.cs does, without a host.</summary>
    private async Task PrepareAsync(string file)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection([new("ConsoleDatabase:Path", file)]).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<StorageOptions>().Configure(o => o.DataPath = Path.Combine(_folder, "data"));
        services.AddConsoleDatabase(settings);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ConsoleDatabaseInitializer>().PrepareAsync(CancellationToken.None);
    }

    private static async Task<string?> ScalarAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AssertOneProblemLine(string output, string file, string problem, string remedy)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var problemLines = lines.Where(l => l.StartsWith($"Console database {file}: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(problemLines);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.Contains(remedy, line, StringComparison.Ordinal);
        // No stack trace and no "Unhandled exception": the line above is the whole story.
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    /// <summary>Starts the built console (Console.Web.dll) on this test's folder and waits for it to exit by itself.</summary>
    private Task<(int ExitCode, string Output)> RunConsoleAsync(params string[] arguments) =>
        ConsoleRun.UntilExitAsync(_folder, TimeSpan.FromSeconds(60), ["--Urls=http://127.0.0.1:0", .. arguments]);

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
