using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Console.Shared.Query.Limits;

/// <summary>
/// A term walk that checks the running search's cancellation (<see cref="QueryCancellation"/>) every few hundred steps,
/// in the spirit of Lucene's ExitableDirectoryReader. Put under an automaton's enumeration it counts every term the
/// automaton looks at, the rejected ones too, so a regular expression that matches nothing still stops at the timeout
/// instead of after the last term of the segment.
/// </summary>
internal sealed class CancellableTermsEnum(TermsEnum input) : FilterAtomicReader.FilterTermsEnum(input)
{
    /// <summary>Steps between two checks: a check reads the clock (~20 ns), a step decodes a term (~100 ns and more).</summary>
    internal const int CheckInterval = 256;

    private int _steps;

    public override bool MoveNext()
    {
        Step();
        return base.MoveNext();
    }

    public override SeekStatus SeekCeil(BytesRef text)
    {
        Step();
        return base.SeekCeil(text);
    }

    public override bool SeekExact(BytesRef text)
    {
        Step();
        return base.SeekExact(text);
    }

    private void Step()
    {
        if (++_steps >= CheckInterval)
        {
            _steps = 0;
            QueryCancellation.ThrowIfCancelled();
        }
    }
}
