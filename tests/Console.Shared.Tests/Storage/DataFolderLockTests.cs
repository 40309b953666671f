using Console.Shared.Storage;
using Console.Shared.Tests.Support;

namespace Console.Shared.Tests.Storage;

/// <summary>One console per data folder: the folder's lock file is held while a console runs and refused to a second.</summary>
public sealed class DataFolderLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_held_folder_is_refused_with_the_reason_until_its_holder_lets_it_go()
    {
        var folder = Path.Combine(_directory.Path, "data");
        using (var first = DataFolderLock.TryAcquire(folder, out var firstReason))
        {
            Assert.NotNull(first);
            Assert.Null(firstReason);

            var second = DataFolderLock.TryAcquire(folder, out var reason);

            Assert.Null(second);
            Assert.Contains($"the data folder {folder} is in use by another console process", reason, StringComparison.Ordinal);
            Assert.Contains("Storage:DataPath", reason, StringComparison.Ordinal);
        }

        using var again = DataFolderLock.TryAcquire(folder, out var againReason);
        Assert.NotNull(again);
        Assert.Null(againReason);
    }

    [Fact]
    public void Taking_a_missing_folder_creates_it_and_records_the_process_id()
    {
        var folder = Path.Combine(_directory.Path, "new", "data");

        using (var held = DataFolderLock.TryAcquire(folder, out _))
        {
            Assert.NotNull(held);
        }

        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(folder, DataFolderLock.FileName)).Trim());
    }

    [Fact]
    public void A_folder_path_that_is_a_file_is_refused_with_the_reason()
    {
        var file = Path.Combine(_directory.Path, "not-a-folder");
        File.WriteAllText(file, "x");

        var held = DataFolderLock.TryAcquire(file, out var reason);

        Assert.Null(held);
        Assert.StartsWith($"the data folder {file} cannot be used: ", reason, StringComparison.Ordinal);
    }
}
