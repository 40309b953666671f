namespace Console.Ingest.Parsing;

/// <summary>
/// Walks <c>key=value key="quoted value" key='x'</c> text without allocating (Logstash's kv filter, space-separated).
/// Words without '=' are skipped; a quoted value keeps its inner text.
/// </summary>
internal ref struct KeyValueScanner(ReadOnlySpan<char> text)
{
    private ReadOnlySpan<char> _rest = text;

    public bool MoveNext(out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        while (true)
        {
            _rest = _rest.TrimStart(' ');
            if (_rest.IsEmpty)
            {
                key = value = default;
                return false;
            }

            var wordEnd = _rest.IndexOf(' ');
            var equals = _rest.IndexOf('=');
            if (equals <= 0 || (wordEnd >= 0 && equals > wordEnd))
            {
                // A stray word: skip it.
                _rest = wordEnd < 0 ? default : _rest[wordEnd..];
                continue;
            }

            key = _rest[..equals];
            var after = _rest[(equals + 1)..];
            if (after.Length > 0 && after[0] is '"' or '\'')
            {
                var close = after[1..].IndexOf(after[0]);
                if (close >= 0)
                {
                    value = after.Slice(1, close);
                    _rest = after[(close + 2)..];
                    return true;
                }
            }

            var end = after.IndexOf(' ');
            value = end < 0 ? after : after[..end];
            _rest = end < 0 ? default : after[end..];
            return true;
        }
    }
}
