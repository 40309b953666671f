using Console.Shared.Events;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Query;

/// <summary>
/// <c>_exists_:field</c> and <c>field:*</c>. It is still a term query on <see cref="LogSchema.FieldNamesField"/>, which is
/// how the Elasticsearch translator and the live-tail matcher read it, but the embedded store answers it per segment from
/// the field's doc values when it has them (keyword, number, date and boolean fields), as Elasticsearch does: the store
/// writes <c>_field_names</c> terms only for full-text fields. Segments written before that still have the terms and the
/// doc values, so both give the same documents there.
/// </summary>
public sealed class FieldExistsQuery(string field) : TermQuery(new Term(LogSchema.FieldNamesField, field))
{
    public string Field { get; } = field;

    public override Weight CreateWeight(IndexSearcher searcher) =>
        new ConstantScoreQuery(new ExistsFilter(Field)) { Boost = Boost }.CreateWeight(searcher);

    private sealed class ExistsFilter(string name) : Filter
    {
        private readonly string _field = name;

        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
        {
            var reader = context.AtomicReader;
            var info = reader.FieldInfos.FieldInfo(_field);
            if (info is null)
            {
                return null;
            }

            if (info.HasDocValues)
            {
                var present = reader.GetDocsWithField(_field);
                return present is null ? null : new FieldCacheDocIdSet(reader.MaxDoc, acceptDocs, doc => present.Get(doc));
            }

            // A full-text field: its _field_names term.
            var term = new Term(LogSchema.FieldNamesField, _field);
            return reader.DocFreq(term) == 0 ? null : BitsFilteredDocIdSet.Wrap(new TermDocsDocIdSet(reader, term), acceptDocs);
        }

        public override bool Equals(object? obj) => obj is ExistsFilter other && other._field == _field;

        public override int GetHashCode() => _field.GetHashCode(StringComparison.Ordinal);

        public override string ToString() => $"exists({_field})";
    }

    /// <summary>The documents of one _field_names term, read when the filter's iterator is asked for.</summary>
    private sealed class TermDocsDocIdSet(AtomicReader reader, Term term) : DocIdSet
    {
        public override DocIdSetIterator GetIterator() => (DocIdSetIterator?)reader.GetTermDocsEnum(term) ?? DocIdSetIterator.GetEmpty();
    }
}
