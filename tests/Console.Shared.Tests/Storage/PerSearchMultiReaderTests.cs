using System.Globalization;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// A search over several indices sees them as Lucene's <see cref="MultiReader"/> would, and leaves nothing behind in the
/// indices' readers (Lucene.Net's MultiReader registers itself with each, in a table whose entries were never freed).
/// </summary>
public sealed class PerSearchMultiReaderTests : IDisposable
{
    private readonly List<(RAMDirectory Directory, DirectoryReader Reader)> _indices = [];

    public PerSearchMultiReaderTests()
    {
        // Three indices, the middle one empty, the last with a deletion.
        foreach (var (count, deleted) in new[] { (30, -1), (0, -1), (25, 3) })
        {
            var directory = new RAMDirectory();
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
            {
                for (var i = 0; i < count; i++)
                {
                    writer.AddDocument(new Document
                    {
                        new StringField("id", $"{_indices.Count}-{i}", Field.Store.YES),
                        new StringField("parity", (i % 2).ToString(CultureInfo.InvariantCulture), Field.Store.NO),
                    });
                }

                if (deleted >= 0)
                {
                    writer.DeleteDocuments(new Term("id", $"{_indices.Count}-{deleted}"));
                }

                writer.Commit();
            }

            _indices.Add((directory, DirectoryReader.Open(directory)));
        }
    }

    public void Dispose()
    {
        foreach (var (directory, reader) in _indices)
        {
            reader.Dispose();
            directory.Dispose();
        }
    }

    [Fact]
    public void Finds_counts_and_reads_the_same_documents_as_lucenes_multi_reader()
    {
        var readers = _indices.Select(i => (IndexReader)i.Reader).ToArray();
        using var ours = new PerSearchMultiReader(readers);
        using var lucenes = new MultiReader(readers, closeSubReaders: false);

        Assert.Equal(lucenes.MaxDoc, ours.MaxDoc);
        Assert.Equal(lucenes.NumDocs, ours.NumDocs);
        Assert.Equal(54, ours.NumDocs);
        Assert.Equal(lucenes.DocFreq(new Term("parity", "1")), ours.DocFreq(new Term("parity", "1")));
        Assert.Equal(lucenes.GetDocCount("id"), ours.GetDocCount("id"));
        Assert.Equal(lucenes.GetSumDocFreq("id"), ours.GetSumDocFreq("id"));
        for (var doc = 0; doc < ours.MaxDoc; doc++)
        {
            Assert.Equal(lucenes.Document(doc).Get("id"), ours.Document(doc).Get("id"));
        }

        var query = new TermQuery(new Term("parity", "0"));
        var found = new IndexSearcher(ours).Search(query, 100).ScoreDocs.Select(d => ours.Document(d.Doc).Get("id")).Order(StringComparer.Ordinal);
        var expected = new IndexSearcher(lucenes).Search(query, 100).ScoreDocs.Select(d => lucenes.Document(d.Doc).Get("id")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, found);
        Assert.Throws<ArgumentOutOfRangeException>(() => ours.Document(ours.MaxDoc));
    }

    [Fact]
    public void Leaves_the_indices_readers_open_and_without_a_parent()
    {
        var readers = _indices.Select(i => (IndexReader)i.Reader).ToArray();
        for (var i = 0; i < 50; i++)
        {
            using var reader = new PerSearchMultiReader(readers);
            new IndexSearcher(reader).Search(new MatchAllDocsQuery(), 10);
        }

        Assert.All(readers, r => Assert.Equal(1, r.RefCount));
        Assert.All(readers, r => Assert.Equal(0, LuceneRegistrations.ParentsOf(r)));

        using (new MultiReader(readers, closeSubReaders: false))
        {
            // Lucene's registers itself, and the check above would have seen it.
            Assert.All(readers, r => Assert.Equal(1, LuceneRegistrations.ParentsOf(r)));
        }
    }
}
