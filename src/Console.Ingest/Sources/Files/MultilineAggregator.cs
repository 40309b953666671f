using System.Text;
using System.Text.RegularExpressions;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// Joins continuation lines into events with Filebeat's <c>pattern</c>/<c>negate</c>/<c>match</c> rules. Holds at most
/// one pending event, bounded by <see cref="MultilineOptions.MaxLines"/> and <see cref="MultilineOptions.MaxBytes"/>.
/// </summary>
internal sealed class MultilineAggregator(Regex pattern, MultilineOptions options)
{
    private readonly StringBuilder _text = new();
    private FileEvent _first;
    private int _lines;
    private int _bytes;
    private long _end;
    private bool _truncated;
    private DateTimeOffset _lastLineAt;

    /// <summary>Where the pending event starts; the registry may not move past it.</summary>
    public long? PendingStart => _lines > 0 ? _first.Offset : null;

    /// <summary>When the pending event is sent even if no line ends it.</summary>
    public DateTimeOffset? Deadline => _lines > 0 ? _lastLineAt + options.Timeout : null;

    /// <summary>Takes one line; returns the event it completed, if any.</summary>
    public FileEvent? Add(in FileEvent line, DateTimeOffset now)
    {
        var continuation = IsContinuation(line.Message);
        if (options.Match == MultilineMatch.After)
        {
            if (continuation && _lines > 0)
            {
                Append(line, now);
                return null;
            }

            var completed = Flush();
            Append(line, now);
            return completed;
        }

        // Before: continuation lines gather until a line that is not one closes the event.
        Append(line, now);
        return continuation ? null : Flush();
    }

    public FileEvent? FlushIfExpired(DateTimeOffset now) => _lines > 0 && now >= _lastLineAt + options.Timeout ? Flush() : null;

    public FileEvent? Flush()
    {
        if (_lines == 0)
        {
            return null;
        }

        var message = _lines == 1 ? _first.Message : _text.ToString();
        var completed = new FileEvent(_first.Offset, _end, message, _first.Stream, _first.Time, _lines, _truncated);
        _text.Clear();
        if (_text.Capacity > 1024 * 1024)
        {
            _text.Capacity = 1024; // one huge event should not pin its buffer for the life of the file
        }

        _lines = 0;
        _bytes = 0;
        _truncated = false;
        _first = default;
        return completed;
    }

    private bool IsContinuation(string message)
    {
        bool matched;
        try
        {
            matched = pattern.IsMatch(message);
        }
        catch (RegexMatchTimeoutException)
        {
            matched = false; // a pathological line is treated as not matching rather than stalling the file
        }

        return matched != options.Negate;
    }

    private void Append(in FileEvent line, DateTimeOffset now)
    {
        _lastLineAt = now;
        _end = line.End;
        var bytes = Encoding.UTF8.GetByteCount(line.Message) + 1;
        if (_lines == 0)
        {
            _first = line;
            _lines = 1;
            _bytes = bytes;
            _text.Append(line.Message);
            return;
        }

        // Past the limits the line is still consumed (it belongs to this event) but its text is dropped, as Filebeat does.
        if (_lines >= options.MaxLines || _bytes + bytes > options.MaxBytes)
        {
            _truncated = true;
            return;
        }

        _lines++;
        _bytes += bytes;
        _text.Append('\n').Append(line.Message);
    }
}
