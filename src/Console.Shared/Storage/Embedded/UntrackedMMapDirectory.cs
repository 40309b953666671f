using System.Reflection;
using Lucene.Net.Store;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// Lucene.Net's <see cref="MMapDirectory"/> without its record of every clone of an open file. Lucene.Net 4.8.0-beta00017
/// adds each clone (several per segment for every search: terms, postings) to a <c>ConditionalWeakTable</c> of the file it
/// came from, to unset the clones' buffers when the file is closed. Lucene never closes clones, and the table's entries
/// were not freed: a GC handle each, three million after a minute of searching, and every garbage collection scanned them
/// all, so a search took twice as long after that minute and the indexer's collections slowed with it. The record only
/// guards reads through a clone after its file is closed, which a segment's reference counting already prevents.
/// </summary>
internal sealed class UntrackedMMapDirectory(string path) : MMapDirectory(path)
{
    // Pinned Lucene.Net: the field is ByteBufferIndexInput.clones; if a later version renames it, the test of this class fails.
    internal static readonly FieldInfo? ClonesField =
        typeof(ByteBufferIndexInput).GetField("clones", BindingFlags.NonPublic | BindingFlags.Instance);

    public override IndexInput OpenInput(string name, IOContext context) => Untracked(base.OpenInput(name, context));

    public override IndexInputSlicer CreateSlicer(string name, IOContext context) => new UntrackedSlicer(base.CreateSlicer(name, context));

    internal static IndexInput Untracked(IndexInput input)
    {
        if (input is ByteBufferIndexInput)
        {
            ClonesField?.SetValue(input, null);
        }

        return input;
    }

    /// <summary>Compound files' slices (indices written before the store turned compound files off) are untracked too.</summary>
    private sealed class UntrackedSlicer(IndexInputSlicer inner) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            Untracked(inner.OpenSlice(sliceDescription, offset, length));

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => Untracked(inner.OpenFullSlice());

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
        }
    }
}
