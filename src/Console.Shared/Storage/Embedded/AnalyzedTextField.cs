using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using LuceneFieldType = Lucene.Net.Documents.FieldType;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// A full-text field whose ASCII values are tokenized by <paramref name="ascii"/> (the analyzer's tokens, made faster) and
/// every other value by the IndexWriter's analyzer, as a plain text field is. The stream is shared by the text fields of
/// one <see cref="DocumentBuilder"/>: the IndexWriter takes a field's tokens to the end before it asks the next field.
/// </summary>
internal sealed class AnalyzedTextField(string name, LuceneFieldType type, AsciiTextTokenStream ascii)
    : Field(name, string.Empty, type)
{
    public override TokenStream GetTokenStream(Analyzer analyzer)
    {
        if (GetStringValue() is { } text && AsciiTextTokenStream.CanTokenize(text))
        {
            ascii.SetText(text);
            return ascii;
        }

        return base.GetTokenStream(analyzer);
    }
}
