using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Console.Benchmarks;

/// <summary>
/// Makes any number of corpus-like events from a python-json-logger file such as <c>django/thebot.json.log</c>: the file is
/// replayed copy after copy, each copy in its own slot of the time window (keeping the file's own bursts, stretched to
/// the slot), with request_id and user_id varied per copy and a <c>service</c> field added after the logger name.
/// Everything is derived from the line and the copy number, never random, so two runs index the same bytes. The
/// lines keep python-json-logger's own spacing because only the values are spliced, not the JSON rewritten.
/// </summary>
internal sealed class CorpusReplicator
{
    /// <summary>How many user ids apart two copies' users are; the corpus's ids are below it.</summary>
    private const int UserIdStride = 100;

    /// <summary>Copies cycle through this many user populations, so one user id recurs through the day.</summary>
    private const int UserPopulations = 50;

    private const string AsctimeFormat = "yyyy-MM-dd HH:mm:ss,fff";

    private readonly List<LineTemplate> _templates;
    private readonly DateTimeOffset _first;
    private readonly TimeSpan _span;

    private CorpusReplicator(List<LineTemplate> templates)
    {
        _templates = templates;
        _first = templates.Min(t => t.Time);
        _span = templates.Max(t => t.Time) - _first;
    }

    public int TemplateCount => _templates.Count;

    /// <exception cref="InvalidDataException">A line is not a python-json-logger object with an asctime.</exception>
    public static CorpusReplicator Load(string path)
    {
        var templates = new List<LineTemplate>();
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                templates.Add(LineTemplate.Parse(Encoding.UTF8.GetBytes(line.Trim())));
            }
        }

        if (templates.Count == 0)
        {
            throw new InvalidDataException($"{path} has no lines");
        }

        return new CorpusReplicator(templates);
    }

    /// <summary>Produces <paramref name="events"/> lines spread over <paramref name="window"/> ending at <paramref name="end"/>, packed <paramref name="chunkSize"/> per chunk.</summary>
    public ReplicatedCorpus Build(int events, DateTimeOffset end, TimeSpan window, int chunkSize)
    {
        var copies = (events + _templates.Count - 1) / _templates.Count;
        var start = end - window;
        var slotTicks = window.Ticks / copies;
        // Leave a millisecond at the end of each slot so copies never overlap.
        var usableTicks = Math.Max(0, slotTicks - TimeSpan.TicksPerMillisecond);
        var chunks = new List<NdjsonChunk>((events + chunkSize - 1) / chunkSize);
        var buffer = new ArrayBufferWriter<byte>(chunkSize * 320);
        var offsets = new List<int>(chunkSize + 1) { 0 };
        long rawBytes = 0;
        var produced = 0;
        var from = DateTimeOffset.MaxValue;
        var to = DateTimeOffset.MinValue;
        string? sample = null;

        for (var copy = 0; produced < events; copy++)
        {
            var slotStart = start.AddTicks(copy * slotTicks);
            for (var i = 0; i < _templates.Count && produced < events; i++)
            {
                var template = _templates[i];
                var fraction = _span.Ticks == 0 ? 0 : (double)(template.Time - _first).Ticks / _span.Ticks;
                var time = slotStart.AddTicks((long)(fraction * usableTicks));
                time = DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds()); // asctime has milliseconds only
                from = time < from ? time : from;
                to = time > to ? time : to;

                var requestId = template.Write(buffer, copy, time);
                buffer.Write("\n"u8);
                offsets.Add(buffer.WrittenCount);
                produced++;

                // The middle of the data, on a line that belongs to a failed request: a realistic thing to look up.
                if (sample is null && produced >= events / 2 && requestId is not null && template.IsError)
                {
                    sample = requestId;
                }

                if (offsets.Count - 1 == chunkSize)
                {
                    rawBytes += buffer.WrittenCount;
                    chunks.Add(new NdjsonChunk(buffer.WrittenSpan.ToArray(), [.. offsets]));
                    buffer.ResetWrittenCount();
                    offsets.Clear();
                    offsets.Add(0);
                }
            }
        }

        if (offsets.Count > 1)
        {
            rawBytes += buffer.WrittenCount;
            chunks.Add(new NdjsonChunk(buffer.WrittenSpan.ToArray(), [.. offsets]));
        }

        return new ReplicatedCorpus(chunks, produced, rawBytes, _templates.Count, copies, from, to, sample ?? FirstRequestId());
    }

    private string FirstRequestId()
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var template in _templates)
        {
            var id = template.Write(buffer, 0, template.Time);
            if (id is not null)
            {
                return id;
            }
        }

        throw new InvalidDataException("no line of the corpus has a request_id");
    }

    /// <summary>Which value a splice replaces.</summary>
    private enum Splice
    {
        Time,
        RequestId,
        UserId,
        ServiceAfterLogger,
    }

    /// <summary>One corpus line cut at the values that change per copy.</summary>
    private sealed class LineTemplate
    {
        private readonly byte[] _line;
        private readonly List<(int Start, int End, Splice Kind, string Value)> _splices;

        private LineTemplate(byte[] line, List<(int Start, int End, Splice Kind, string Value)> splices, DateTimeOffset time, bool isError)
        {
            _line = line;
            _splices = splices;
            Time = time;
            IsError = isError;
        }

        public DateTimeOffset Time { get; }

        public bool IsError { get; }

        public static LineTemplate Parse(byte[] line)
        {
            var splices = new List<(int, int, Splice, string)>();
            DateTimeOffset? time = null;
            var isError = false;
            var reader = new Utf8JsonReader(line);
            string? property = null;
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }

                    continue;
                }

                // A string token starts at its opening quote; ValueSpan is the (escaped) text between the quotes.
                var start = (int)reader.TokenStartIndex;
                var end = start + reader.ValueSpan.Length + 2;
                var value = reader.GetString()!;
                switch (property)
                {
                    case "asctime":
                        time = new DateTimeOffset(DateTime.ParseExact(value, AsctimeFormat, CultureInfo.InvariantCulture), TimeSpan.Zero);
                        splices.Add((start, end, Splice.Time, value));
                        break;
                    case "request_id":
                        splices.Add((start, end, Splice.RequestId, value));
                        break;
                    case "user_id":
                        splices.Add((start, end, Splice.UserId, value));
                        break;
                    case "name":
                        splices.Add((end, end, Splice.ServiceAfterLogger, ServiceOf(value)));
                        break;
                    case "levelname":
                        isError = value is "ERROR" or "CRITICAL";
                        break;
                }
            }

            if (time is null)
            {
                throw new InvalidDataException("a line has no asctime: " + Encoding.UTF8.GetString(line));
            }

            splices.Sort((a, b) => a.Item1.CompareTo(b.Item1));
            return new LineTemplate(line, splices, time.Value, isError);
        }

        /// <summary>Writes the line for <paramref name="copy"/> at <paramref name="time"/>; returns its request_id if it has a real one.</summary>
        public string? Write(IBufferWriter<byte> into, int copy, DateTimeOffset time)
        {
            string? requestId = null;
            var position = 0;
            foreach (var (start, end, kind, value) in _splices)
            {
                into.Write(_line.AsSpan(position, start - position));
                position = end;
                switch (kind)
                {
                    case Splice.Time:
                        WriteString(into, time.UtcDateTime.ToString(AsctimeFormat, CultureInfo.InvariantCulture));
                        break;
                    case Splice.RequestId:
                        var id = VaryRequestId(value, copy);
                        requestId = IsHexId(value) ? id : null;
                        WriteString(into, id);
                        break;
                    case Splice.UserId:
                        WriteString(into, VaryUserId(value, copy));
                        break;
                    case Splice.ServiceAfterLogger:
                        into.Write(", \"service\": "u8);
                        WriteString(into, value);
                        break;
                }
            }

            into.Write(_line.AsSpan(position));
            return requestId;
        }

        /// <summary>The service a logger belongs to: Celery tasks run in the worker, everything else in the Django backend.</summary>
        private static string ServiceOf(string logger) =>
            logger.StartsWith("thebot.tasks", StringComparison.Ordinal) ? "celery-worker" : "django-backend";

        /// <summary>A 32-hex-digit id with its first eight digits mixed with the copy number; other ids ("-") stay.</summary>
        private static string VaryRequestId(string id, int copy)
        {
            if (copy == 0 || !IsHexId(id))
            {
                return id;
            }

            var head = uint.Parse(id.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var mixed = head ^ unchecked((uint)copy * 0x9E3779B1u); // Fibonacci hashing spreads consecutive copies
            return mixed.ToString("x8", CultureInfo.InvariantCulture) + id[8..];
        }

        private static bool IsHexId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

        private static string VaryUserId(string id, int copy) =>
            int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var user)
                ? (user + UserIdStride * (copy % UserPopulations)).ToString(CultureInfo.InvariantCulture)
                : id;

        private static void WriteString(IBufferWriter<byte> into, string value)
        {
            // Ids, times and service names are plain ASCII: no escaping needed.
            into.Write("\""u8);
            into.Write(Encoding.ASCII.GetBytes(value));
            into.Write("\""u8);
        }
    }
}
