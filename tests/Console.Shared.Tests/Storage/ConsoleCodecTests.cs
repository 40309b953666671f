using System.Globalization;
using System.Text;
using Console.Shared.Storage.Embedded;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Console.Shared.Tests.Storage;

/// <summary>
/// The store writes new segments with its own codec (stored fields in small chunks) and still reads, merges and keeps the
/// events of segments written before it with Lucene's default codec.
/// </summary>
public sealed class ConsoleCodecTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "console-codec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_path))
        {
            System.IO.Directory.Delete(_path, recursive: true);
        }
    }

    [Fact]
    public void New_segments_use_the_console_codec_and_segments_of_the_default_codec_stay_readable_through_a_merge()
    {
        // An index as every one written before the console codec: Lucene's default codec.
        using (var directory = FSDirectory.Open(_path))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())))
        {
            AddEvents(writer, 0, 300);
            writer.SetCommitData(new Dictionary<string, string> { [LuceneIndex.MappingVersionKey] = ((int)NumberDocValuesEncoding.SortedBytes).ToString(CultureInfo.InvariantCulture) });
            writer.Commit();
        }

        using var index = LuceneIndex.Open("codec-test", _path, new KeywordAnalyzer(), ramBufferMegabytes: 16);
        AddEvents(index.Writer, 300, 600);
        index.Writer.Commit();
        Assert.Equal([ConsoleCodec.RegisteredName, "Lucene46"], CodecsOf(_path).Order(StringComparer.Ordinal));

        index.Writer.ForceMerge(1);
        index.Writer.Commit();
        Assert.Equal([ConsoleCodec.RegisteredName], CodecsOf(_path));
        using var reader = DirectoryReader.Open(index.Writer, applyAllDeletes: true);
        Assert.Equal(600, reader.NumDocs);
        var sources = Enumerable.Range(0, reader.MaxDoc).Select(doc => reader.Document(doc)).ToDictionary(d => d.Get("id"), d => Encoding.UTF8.GetString(d.GetBinaryValue("_source").Bytes, d.GetBinaryValue("_source").Offset, d.GetBinaryValue("_source").Length));
        for (var i = 0; i < 600; i++)
        {
            Assert.Equal(Source(i), sources[i.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    [Fact]
    public void Large_documents_whose_chunk_is_compressed_in_slices_read_back_in_any_order()
    {
        // A chunk of two or more times the chunk size is compressed in slices and read slice after slice.
        var sources = Enumerable.Range(0, 60).Select(i => Source(i) + new string((char)('a' + i % 26), i % 3 == 0 ? 30_000 + i * 100 : 50)).ToList();
        using (var index = LuceneIndex.Open("codec-test", _path, new KeywordAnalyzer(), ramBufferMegabytes: 16))
        {
            for (var i = 0; i < sources.Count; i++)
            {
                index.Writer.AddDocument(new Document
                {
                    new StringField("id", i.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
                    new StoredField("_source", new BytesRef(Encoding.UTF8.GetBytes(sources[i]))),
                });
            }

            index.Writer.Commit();
        }

        using var directory = FSDirectory.Open(_path);
        using var reader = DirectoryReader.Open(directory);
        foreach (var doc in Enumerable.Range(0, reader.MaxDoc).OrderBy(d => (d * 37) % reader.MaxDoc))
        {
            var stored = reader.Document(doc);
            var source = stored.GetBinaryValue("_source");
            Assert.Equal(sources[int.Parse(stored.Get("id"), CultureInfo.InvariantCulture)], Encoding.UTF8.GetString(source.Bytes, source.Offset, source.Length));
        }
    }

    private static string Source(int i) => $$"""{"message":"event {{i}} of a test that checks the stored fields survive","user_id":"{{i % 37}}","padding":"{{new string('x', i % 500)}}"}""";

    private static void AddEvents(IndexWriter writer, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            writer.AddDocument(new Document
            {
                new StringField("id", i.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
                new StoredField("_source", new BytesRef(Encoding.UTF8.GetBytes(Source(i)))),
            });
        }
    }

    private static List<string> CodecsOf(string path)
    {
        using var directory = FSDirectory.Open(path);
        var infos = new SegmentInfos();
        infos.Read(directory);
        return infos.Select(segment => segment.Info.Codec.Name).ToList();
    }
}
