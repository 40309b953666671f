using Console.Shared.Query.Limits;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// An <see cref="IndexSearcher"/> whose every collection (hits, counts, histograms, aggregations all end in the same
/// protected Search) checks the running search's cancellation between segments and every few thousand documents, so a
/// timed-out search stops instead of running to its end. Rewrites check it through <see cref="QueryCancellation"/>.
/// </summary>
internal sealed class CancellableIndexSearcher(IndexReader reader) : IndexSearcher(reader)
{
    public override Lucene.Net.Search.Query Rewrite(Lucene.Net.Search.Query original)
    {
        QueryCancellation.ThrowIfCancelled();
        var rewritten = base.Rewrite(original);
        QueryCancellation.ThrowIfCancelled();
        return rewritten;
    }

    protected override void Search(IList<AtomicReaderContext> leaves, Weight weight, ICollector collector) =>
        base.Search(leaves, weight, new CancellingCollector(collector));

    private sealed class CancellingCollector(ICollector inner) : ICollector
    {
        private const int CheckInterval = 4096;
        private int _sinceCheck;

        public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            QueryCancellation.ThrowIfCancelled();
            inner.SetNextReader(context);
        }

        public void Collect(int doc)
        {
            if (++_sinceCheck == CheckInterval)
            {
                _sinceCheck = 0;
                QueryCancellation.ThrowIfCancelled();
            }

            inner.Collect(doc);
        }
    }
}
