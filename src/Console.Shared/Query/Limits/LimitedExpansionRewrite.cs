using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Console.Shared.Query.Limits;

/// <summary>
/// Lucene's constant-score rewrite for wildcards, prefixes and regular expressions, which first counts the distinct
/// terms the query stands for and refuses it past <see cref="QueryLimitsOptions.MaxTermExpansions"/> (Elasticsearch's
/// scoring rewrites have such a bound; its constant-score one has only the timeout). The count checks the running
/// search's cancellation, so a slow expansion stops at the timeout too.
/// </summary>
internal sealed class LimitedExpansionRewrite(int maxTerms) : MultiTermQuery.RewriteMethod
{
    private const int CancellationCheckInterval = 256;

    public override Lucene.Net.Search.Query Rewrite(IndexReader reader, MultiTermQuery query)
    {
        var seen = new HashSet<BytesRef>();
        var visited = 0;
        foreach (var leaf in reader.Leaves)
        {
            var terms = leaf.AtomicReader.GetTerms(query.Field);
            if (terms is null)
            {
                continue;
            }

            var termsEnum = GetTermsEnum(query, terms, new AttributeSource());
            while (termsEnum.MoveNext())
            {
                if (++visited % CancellationCheckInterval == 0)
                {
                    QueryCancellation.ThrowIfCancelled();
                }

                if (seen.Add(BytesRef.DeepCopyOf(termsEnum.Term)) && seen.Count > maxTerms)
                {
                    throw new QueryLimitException($"{query} stands for more than {maxTerms} distinct terms; add characters before the wildcard or narrow the pattern",
                        nameof(QueryLimitsOptions.MaxTermExpansions), maxTerms);
                }
            }
        }

        QueryCancellation.ThrowIfCancelled();
        return MultiTermQuery.CONSTANT_SCORE_AUTO_REWRITE_DEFAULT.Rewrite(reader, query);
    }

    public override bool Equals(object? obj) => obj is LimitedExpansionRewrite other && other.MaxTerms == MaxTerms;

    public override int GetHashCode() => MaxTerms;

    private int MaxTerms => maxTerms;
}
