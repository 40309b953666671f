using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The tokens <see cref="Query.LogQueryParser.CreateTextAnalyzer"/> (Lucene's StandardAnalyzer without stop words) makes of
/// an ASCII text, without its scanner: the same terms, position increments, offsets and types. Log messages are nearly
/// always ASCII, and for them the analyzer's generated Unicode scanner and four-stage filter chain cost ~0.9 µs per corpus
/// message against ~0.5 µs here (BENCHMARKS.md, 2026-11-26 14:00), more on long tracebacks. Text with any other character
/// goes to the analyzer itself (see <see cref="AnalyzedTextField"/>).
/// Reused for every value of one indexing thread: the IndexWriter disposes a field's stream after each use, which holds nothing.
/// </summary>
/// <remarks>
/// For ASCII, UAX #29 word breaking (Unicode 6.3, as in Lucene 4.8's StandardTokenizerImpl) has these classes: letters
/// (ALetter), digits (Numeric), <c>_</c> (ExtendNumLet), <c>:</c> (MidLetter), <c>.</c> (MidNumLet), <c>'</c> (Single_Quote,
/// treated as MidNumLet), <c>,</c> and <c>;</c> (MidNum); every other character only separates. A token is the longest run
/// from its start of letters, digits and <c>_</c>, where <c>: . '</c> may stand between two letters and <c>, ; . '</c>
/// between two digits; it must hold a letter or digit; it is lower-cased; one longer than 255 characters is dropped but
/// counts as a position, as StandardTokenizer does.
/// </remarks>
internal sealed class AsciiTextTokenStream : TokenStream
{
    private const int MaxTokenLength = StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH;
    private const byte Letter = 1, Digit = 2, Connector = 3, MidLetter = 4, MidNumber = 5, MidBoth = 6;
    private static readonly string WordType = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.ALPHANUM];
    private static readonly string NumberType = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.NUM];
    private static readonly byte[] Classes = BuildClasses();

    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _position;
    private readonly IOffsetAttribute _offset;
    private readonly ITypeAttribute _type;
    private string _text = string.Empty;
    private int _next;
    private int _skipped;

    public AsciiTextTokenStream()
    {
        _term = AddAttribute<ICharTermAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _type = AddAttribute<ITypeAttribute>();
    }

    /// <summary>Whether this stream tokenizes <paramref name="text"/> (it is all ASCII); otherwise the analyzer must.</summary>
    public static bool CanTokenize(string text) => Ascii.IsValid(text);

    /// <summary>The text the next <see cref="TokenStream.Reset"/> starts on; must be ASCII (<see cref="CanTokenize"/>).</summary>
    public void SetText(string text) => _text = text;

    public override void Reset()
    {
        base.Reset();
        _next = 0;
        _skipped = 0;
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        _skipped = 0;
        while (NextToken(out var start, out var end, out var hasLetter))
        {
            var length = end - start;
            if (length > MaxTokenLength)
            {
                _skipped++;
                continue;
            }

            _position.PositionIncrement = _skipped + 1;
            var buffer = _term.ResizeBuffer(length);
            var text = _text;
            for (var i = 0; i < length; i++)
            {
                var c = text[start + i];
                buffer[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }

            _term.Length = length;
            _offset.SetOffset(start, end);
            _type.Type = hasLetter ? WordType : NumberType;
            return true;
        }

        return false;
    }

    public override void End()
    {
        base.End();
        _offset.SetOffset(_text.Length, _text.Length);
        _position.PositionIncrement += _skipped; // tokens dropped for their length after the last one still count
    }

    /// <summary>The next token's span from <see cref="_next"/> on, by the longest-match rules in the remarks above.</summary>
    private bool NextToken(out int start, out int end, out bool hasLetter)
    {
        var text = _text;
        var length = text.Length;
        var i = _next;
        while (i < length)
        {
            var kind = Classes[text[i]];
            if (kind is not (Letter or Digit or Connector))
            {
                i++;
                continue;
            }

            // Leading '_' belong to the token only when a letter or digit follows them.
            var j = i;
            while (j < length && Classes[text[j]] == Connector)
            {
                j++;
            }

            if (j == length || Classes[text[j]] is not (Letter or Digit))
            {
                i = j;
                continue;
            }

            var last = Classes[text[j]];
            hasLetter = last == Letter;
            j++;
            while (j < length)
            {
                var current = Classes[text[j]];
                if (current is Letter or Digit)
                {
                    hasLetter |= current == Letter;
                    last = current;
                    j++;
                }
                else if (current == Connector)
                {
                    last = Connector;
                    j++;
                }
                else if (current >= MidLetter && j + 1 < length && Joins(last, current, Classes[text[j + 1]]))
                {
                    j += 2; // the middle character and the letter or digit after it, of the same class as the one before
                }
                else
                {
                    break;
                }
            }

            start = i;
            end = j;
            _next = j;
            return true;
        }

        _next = length;
        start = end = length;
        hasLetter = false;
        return false;
    }

    /// <summary>UAX #29 WB6/WB7 (letter · MidLetter|MidNumLet · letter) and WB11/WB12 (digit · MidNum|MidNumLet · digit).</summary>
    private static bool Joins(byte before, byte middle, byte after) =>
        before == after && (before == Letter ? middle is MidLetter or MidBoth : before == Digit && middle is MidNumber or MidBoth);

    private static byte[] BuildClasses()
    {
        var classes = new byte[128]; // 0: a character that only separates tokens
        for (var c = 'a'; c <= 'z'; c++)
        {
            classes[c] = Letter;
            classes[char.ToUpperInvariant(c)] = Letter;
        }

        for (var c = '0'; c <= '9'; c++)
        {
            classes[c] = Digit;
        }

        classes['_'] = Connector;
        classes[':'] = MidLetter;
        classes['.'] = MidBoth;
        classes['\''] = MidBoth;
        classes[','] = MidNumber;
        classes[';'] = MidNumber;
        return classes;
    }
}
