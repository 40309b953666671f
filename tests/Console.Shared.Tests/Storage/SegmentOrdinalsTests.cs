using System.Globalization;
using Console.Shared.Storage.Embedded;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>The decoded ordinals of a keyword field against Lucene's sorted-set doc values, document by document.</summary>
public class SegmentOrdinalsTests
{
    [Theory]
    [InlineData(7)] // kept in a byte per document
    [InlineData(300)] // kept in two bytes per document
    public void Every_ordinal_reads_as_the_sorted_set_doc_values_give_it(int distinct)
    {
        var random = new Random(distinct);
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            for (var i = 0; i < 5_000; i++)
            {
                var document = new Document { new StringField("n", i.ToString(CultureInfo.InvariantCulture), Field.Store.NO) };
                if (random.Next(10) != 0)
                {
                    document.Add(new SortedSetDocValuesField("level", new BytesRef("v" + random.Next(distinct).ToString(CultureInfo.InvariantCulture))));
                }

                writer.AddDocument(document);
            }
        }

        using var reader = DirectoryReader.Open(directory);
        foreach (var leaf in reader.Leaves)
        {
            var values = leaf.AtomicReader.GetSortedSetDocValues("level");
            var ordinals = SegmentOrdinals.Of(leaf.AtomicReader, "level");
            Assert.NotNull(ordinals);
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                values.SetDocument(doc);
                var ord = values.NextOrd();
                Assert.Equal(ord == SortedSetDocValues.NO_MORE_ORDS ? 0 : ord + 1, ordinals!.OrdinalPlusOne(doc));
            }

            Assert.Same(ordinals, SegmentOrdinals.Of(leaf.AtomicReader, "level"));
        }
    }

    [Fact]
    public void A_field_with_several_values_in_a_document_or_none_in_the_segment_is_not_decoded()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            writer.AddDocument(new Document { new SortedSetDocValuesField("tags", new BytesRef("x")), new SortedSetDocValuesField("tags", new BytesRef("y")) });
            writer.AddDocument(new Document { new SortedSetDocValuesField("tags", new BytesRef("x")) });
        }

        using var reader = DirectoryReader.Open(directory);
        var leaf = reader.Leaves.Single().AtomicReader;
        Assert.Null(SegmentOrdinals.Of(leaf, "tags"));
        Assert.Null(SegmentOrdinals.Of(leaf, "missing"));
    }
}
