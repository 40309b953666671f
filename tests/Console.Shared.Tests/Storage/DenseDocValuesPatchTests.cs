using Console.Shared.Storage.Embedded;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

public class DenseDocValuesPatchTests
{
    [Fact]
    public void The_pinned_Lucene_Net_has_the_internals_the_patch_needs()
    {
        // If this fails after a Lucene.Net upgrade, the store still works but indexing is ~15 % slower: look again at
        // NumericDocValuesWriter.AddValue's RamUsageEstimator call and adapt or remove DenseDocValuesPatch.
        Assert.True(DenseDocValuesPatch.IsAvailable);
    }

    [Fact]
    public void A_segment_written_after_the_patch_has_every_value_and_every_document_marked_as_having_it()
    {
        using var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()));
        for (var i = 0; i < 10; i++)
        {
            writer.AddDocument(Doc(i, withSparse: i % 2 == 0));
        }

        Assert.Equal(1, DenseDocValuesPatch.Apply(writer, ["dense"]));
        Assert.Equal(0, DenseDocValuesPatch.Apply(writer, ["dense"])); // already done
        for (var i = 10; i < 20; i++)
        {
            writer.AddDocument(Doc(i, withSparse: i % 2 == 0));
        }

        writer.Commit();
        using var reader = DirectoryReader.Open(directory);
        var leaf = Assert.Single(reader.Leaves).AtomicReader;
        var dense = leaf.GetNumericDocValues("dense");
        var densepresent = leaf.GetDocsWithField("dense");
        var sparse = leaf.GetNumericDocValues("sparse");
        var sparsePresent = leaf.GetDocsWithField("sparse");
        for (var doc = 0; doc < 20; doc++)
        {
            Assert.Equal(1000L + doc, dense.Get(doc));
            Assert.True(densepresent.Get(doc));
            Assert.Equal(doc % 2 == 0, sparsePresent.Get(doc)); // a field not named keeps its docs-with-field bits
            Assert.Equal(doc % 2 == 0 ? doc : 0, sparse.Get(doc));
        }
    }

    private static Document Doc(int i, bool withSparse)
    {
        var doc = new Document { new NumericDocValuesField("dense", 1000L + i) };
        if (withSparse)
        {
            doc.Add(new NumericDocValuesField("sparse", i));
        }

        return doc;
    }
}
