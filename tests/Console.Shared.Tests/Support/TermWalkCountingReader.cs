using Lucene.Net.Index;

namespace Console.Shared.Tests.Support;

/// <summary>
/// A segment reader that counts every step of every term walk over its terms (each term read from the dictionary) and
/// cancels <see cref="Cancellation"/> once <paramref name="cancelAfter"/> steps were taken, so a test sees how far a walk
/// goes after its search was cancelled. Through this wrapper an automaton's <c>Terms.Intersect</c> walks the enumeration too
/// (Lucene's default Intersect), so Lucene's own RegexpQuery is counted the same way.
/// </summary>
public sealed class TermWalkCountingReader(AtomicReader input, int cancelAfter) : FilterAtomicReader(input)
{
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Terms read so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Terms read after <see cref="Cancellation"/> was cancelled.</summary>
    public int StepsAfterCancellation { get; private set; }

    public override Fields Fields => new CountingFields(base.Fields, this);

    private void Step()
    {
        if (Cancellation.IsCancellationRequested)
        {
            StepsAfterCancellation++;
        }

        if (++Steps == cancelAfter)
        {
            Cancellation.Cancel();
        }
    }

    private sealed class CountingFields(Fields input, TermWalkCountingReader owner) : FilterFields(input)
    {
        public override Terms GetTerms(string field) => base.GetTerms(field) is { } terms ? new CountingTerms(terms, owner) : null!;
    }

    private sealed class CountingTerms(Terms input, TermWalkCountingReader owner) : FilterTerms(input)
    {
        public override TermsEnum GetEnumerator() => new CountingTermsEnum(base.GetEnumerator(), owner);

        public override TermsEnum GetEnumerator(TermsEnum reuse) => GetEnumerator();
    }

    private sealed class CountingTermsEnum(TermsEnum input, TermWalkCountingReader owner) : FilterTermsEnum(input)
    {
        public override bool MoveNext()
        {
            owner.Step();
            return base.MoveNext();
        }

        public override SeekStatus SeekCeil(Lucene.Net.Util.BytesRef text)
        {
            owner.Step();
            return base.SeekCeil(text);
        }
    }
}
