using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Store;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The store's directory maps files as Lucene's <see cref="MMapDirectory"/> does, but keeps no record of the clones of an
/// open file (Lucene.Net never freed it: a GC handle per clone, several per search).
/// </summary>
public sealed class UntrackedMMapDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public UntrackedMMapDirectoryTests()
    {
        File.WriteAllBytes(Path.Combine(Folder, "data"), Enumerable.Range(0, 100_000).Select(ByteAt).ToArray());
    }

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Lucenes_directory_records_every_clone_and_this_one_none()
    {
        Assert.NotNull(UntrackedMMapDirectory.ClonesField); // the pinned Lucene.Net still has the field this class clears

        using var lucenes = new MMapDirectory(Folder);
        using var tracked = lucenes.OpenInput("data", IOContext.READ);
        using var ours = new UntrackedMMapDirectory(Folder);
        using var untracked = ours.OpenInput("data", IOContext.READ);
        for (var i = 0; i < 100; i++)
        {
            _ = tracked.Clone();
            _ = untracked.Clone();
        }

        Assert.Equal(100, LuceneRegistrations.ClonesRecordedBy(tracked));
        Assert.Null(UntrackedMMapDirectory.ClonesField!.GetValue(untracked));
    }

    [Fact]
    public void Clones_and_compound_file_slices_read_the_files_bytes()
    {
        using var directory = new UntrackedMMapDirectory(Folder);
        using var input = directory.OpenInput("data", IOContext.READ);
        input.Seek(50_000);
        var clone = (IndexInput)input.Clone();
        Assert.Equal(ByteAt(50_000), clone.ReadByte());
        clone.Seek(99_999);
        Assert.Equal(ByteAt(99_999), clone.ReadByte());
        Assert.Equal(50_000, input.Position); // a clone moves on its own

        using var slicer = directory.CreateSlicer("data", IOContext.READ);
        using var slice = slicer.OpenSlice("part", 1_000, 10);
        Assert.Null(UntrackedMMapDirectory.ClonesField!.GetValue(slice));
        var bytes = new byte[10];
        ((IndexInput)slice.Clone()).ReadBytes(bytes, 0, 10);
        Assert.Equal(Enumerable.Range(1_000, 10).Select(ByteAt), bytes);
    }

    private static byte ByteAt(int position) => unchecked((byte)(position * 7));
}
