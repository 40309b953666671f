using System.Text.Json;

namespace Console.Shared.Storage.Embedded;

/// <summary>
/// The dotted names (<c>http.status_code</c>) of the fields <see cref="DocumentBuilder"/> reads from an event's UTF-8
/// JSON, built in one buffer as the reader descends, and one string per distinct name: the same few dozen names come
/// with every event, so a name is looked up by its characters rather than allocated again. Not thread-safe.
/// </summary>
internal sealed class DottedFieldNames
{
    // Field names are bounded per index by the catalog, but a stream of garbage keys is not: past this many distinct
    // names the cache starts over rather than grow.
    private const int MaxCached = 4096;

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    public DottedFieldNames() => _lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Puts the property name the reader is on after the first <paramref name="prefixLength"/> characters (and a dot
    /// when there are any), unescaped.
    /// </summary>
    /// <returns>The whole name's length, or -1 when the property name is empty.</returns>
    public int Append(ref Utf8JsonReader reader, int prefixLength)
    {
        // A name's UTF-16 length is at most its UTF-8 length, escapes included.
        var utf8Length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (utf8Length == 0)
        {
            return -1;
        }

        var start = prefixLength == 0 ? 0 : prefixLength + 1;
        if (_chars.Length < start + utf8Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, start + utf8Length));
        }

        if (prefixLength > 0)
        {
            _chars[prefixLength] = '.';
        }

        return start + reader.CopyString(_chars.AsSpan(start));
    }

    /// <summary>The name made of the first <paramref name="length"/> characters.</summary>
    public string Get(int length)
    {
        var span = _chars.AsSpan(0, length);
        if (_lookup.TryGetValue(span, out var name))
        {
            return name;
        }

        name = new string(span);
        if (_known.Count >= MaxCached)
        {
            _known.Clear();
        }

        _known.Add(name);
        return name;
    }
}
