using System.Text;
using Console.Shared.Query;
using Console.Shared.Storage.Embedded;
using Console.Shared.Tests.Support;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneFieldType = Lucene.Net.Documents.FieldType;

namespace Console.Shared.Tests.Storage;

/// <summary>The store's own ASCII tokenizer must give exactly the tokens of the text analyzer it stands in for.</summary>
public sealed class AsciiTextTokenStreamTests : IDisposable
{
    private readonly Analyzer _analyzer = LogQueryParser.CreateTextAnalyzer();

    private static readonly LuceneFieldType TextType = new(TextField.TYPE_NOT_STORED) { OmitNorms = true };

    private static readonly string[] TrickyTexts =
    [
        "",
        " ",
        "ERROR: Payment failed for user_id=42 (order #A-17) at 2026-11-23T10:00:00.123Z",
        "GET /api/lessons/?page=2&size=50 HTTP/1.1 200 1532 0.004",
        "don't can't 'quoted' it's rock'n'roll a'b'c",
        "1,234.56 1;2 1.2.3 1..2 1.,2 3:4 a:b a::b a:1 1:a a.b. .a. 1.a a.1",
        "__ _ _a a_ a__b _1_ 1_a a_1.2 a_.b a._b __:a",
        "host.example.com 192.168.0.1:8000 10.0.0.1, user@example.com http://x.y/z?q=1",
        "v1.2.3-beta+build.5 sha256:ab12cd UUID 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "Traceback (most recent call last):\n  File \"/app/x.py\", line 12, in <module>\r\n\tValueError: bad\u000bvalue\u000c!",
        "ALLCAPS MiXeD lower 123abc abc123 a1b2c3 1e10 0x1F",
        "\u0000\u0001\u007f control characters between a\u0000b",
        new string('a', 255) + " " + new string('b', 256) + " after",
        "before " + new string('x', 300) + " " + new string('1', 400),
        "trailing long " + new string('z', 256),
    ];

    private static readonly string[] NonAsciiTexts =
    [
        "café naïve résumé",
        "Größe straße ÄÖÜ",
        "日本語のテキスト 中文 한국어",
        "emoji 😀 in 👍🏽 text",
        "non\u00a0breaking\u2009thin space",
        "zero\u200bwidth\u200djoiner",
        "next\u0085line and\u2028separator",
        "ﬁ ligature and ＦＵＬＬ width １２３",
        "Ελληνικά Кириллица עברית العربية",
        "ไทย ภาษา",
        "combining e\u0301 accent",
    ];

    public static TheoryData<string> Tricky => new(TrickyTexts);

    public static TheoryData<string> NonAscii => new(NonAsciiTexts);

    [Theory]
    [MemberData(nameof(Tricky))]
    public void An_ascii_text_gives_the_analyzers_tokens(string text)
    {
        Assert.True(AsciiTextTokenStream.CanTokenize(text));
        Assert.Equal(AnalyzerTokens(text), AsciiTokens(text));
    }

    [Fact]
    public void Every_ascii_line_of_the_corpus_gives_the_analyzers_tokens()
    {
        var lines = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Corpus.Root, "*", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (AsciiTextTokenStream.CanTokenize(line))
                {
                    Assert.Equal(AnalyzerTokens(line), AsciiTokens(line));
                    lines++;
                }
            }
        }

        Assert.True(lines > 10_000, $"only {lines} corpus lines were compared");
    }

    [Fact]
    public void Random_ascii_texts_give_the_analyzers_tokens()
    {
        // Weighted towards the characters UAX #29 treats specially, so their combinations occur often.
        const string Alphabet = "aZk09_:.',;  -/@#\"\t\n\r\u0000~=";
        var random = new Random(20261126);
        var text = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            text.Clear();
            var length = random.Next(0, 24);
            for (var j = 0; j < length; j++)
            {
                text.Append(random.Next(4) == 0 ? (char)random.Next(0, 128) : Alphabet[random.Next(Alphabet.Length)]);
            }

            var value = text.ToString();
            Assert.Equal(AnalyzerTokens(value), AsciiTokens(value));
        }
    }

    [Theory]
    [MemberData(nameof(NonAscii))]
    public void A_text_with_other_characters_is_left_to_the_analyzer(string text)
    {
        Assert.False(AsciiTextTokenStream.CanTokenize(text));
        using var analyzer = LogQueryParser.CreateTextAnalyzer();
        var field = new AnalyzedTextField("message", TextType, new AsciiTextTokenStream());
        field.SetStringValue(text);
        Assert.IsNotType<AsciiTextTokenStream>(field.GetTokenStream(analyzer));
        Assert.Equal(AnalyzerTokens(text), Tokens(field.GetTokenStream(analyzer)));
    }

    [Fact]
    public void An_index_written_with_the_field_has_the_same_terms_positions_and_hits_as_one_written_by_the_analyzer()
    {
        var texts = File.ReadLines(Corpus.PathOf("django/thebot.log")).Take(3_000)
            .Concat(TrickyTexts)
            .Concat(NonAsciiTexts)
            .ToList();
        using var analyzer = LogQueryParser.CreateTextAnalyzer();
        using var expected = new RAMDirectory();
        using var actual = new RAMDirectory();
        var ascii = new AsciiTextTokenStream();
        using (var plain = new IndexWriter(expected, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        using (var fast = new IndexWriter(actual, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        {
            // Two values in one document: the second starts after the first one's last position, skipped tokens included.
            for (var i = 0; i < texts.Count; i++)
            {
                var next = texts[(i + 1) % texts.Count];
                plain.AddDocument([new Field("message", texts[i], TextType), new Field("message", next, TextType)]);
                var first = new AnalyzedTextField("message", TextType, ascii);
                first.SetStringValue(texts[i]);
                var second = new AnalyzedTextField("message", TextType, ascii);
                second.SetStringValue(next);
                fast.AddDocument([first, second]);
            }
        }

        using var expectedReader = DirectoryReader.Open(expected);
        using var actualReader = DirectoryReader.Open(actual);
        var expectedPostings = Postings(expectedReader);
        Assert.True(expectedPostings.Count > 1_000);
        Assert.Equal(expectedPostings, Postings(actualReader));

        var phrase = new PhraseQuery { new Term("message", "payment"), new Term("message", "failed") };
        Assert.Equal(new IndexSearcher(expectedReader).Search(phrase, 10).TotalHits, new IndexSearcher(actualReader).Search(phrase, 10).TotalHits);
    }

    private static List<string> AsciiTokens(string text)
    {
        var stream = new AsciiTextTokenStream();
        stream.SetText(text);
        var first = Tokens(stream);
        Assert.Equal(first, Tokens(stream)); // reused after Dispose, as the writer does
        return first;
    }

    public void Dispose() => _analyzer.Dispose();

    private List<string> AnalyzerTokens(string text) => Tokens(_analyzer.GetTokenStream("message", text));

    /// <summary>Every token as term, position increment, offsets and type, then the end state, as the IndexWriter reads them.</summary>
    private static List<string> Tokens(TokenStream stream)
    {
        var tokens = new List<string>();
        var term = stream.AddAttribute<ICharTermAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        try
        {
            stream.Reset();
            while (stream.IncrementToken())
            {
                tokens.Add($"{term}|+{position.PositionIncrement}|{offset.StartOffset}-{offset.EndOffset}|{type.Type}");
            }

            stream.End();
            tokens.Add($"end|+{position.PositionIncrement}|{offset.StartOffset}-{offset.EndOffset}");
        }
        finally
        {
            stream.Dispose();
        }

        return tokens;
    }

    private static List<string> Postings(DirectoryReader reader)
    {
        var postings = new List<string>();
        var terms = MultiFields.GetTerms(reader, "message");
        var termsEnum = terms.GetEnumerator();
        while (termsEnum.MoveNext())
        {
            var docs = termsEnum.DocsAndPositions(MultiFields.GetLiveDocs(reader), null);
            while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
            {
                var positions = new StringBuilder();
                for (var i = 0; i < docs.Freq; i++)
                {
                    positions.Append(docs.NextPosition()).Append(',');
                }

                postings.Add($"{termsEnum.Term.Utf8ToString()} {docs.DocID} {positions}");
            }
        }

        return postings;
    }
}
