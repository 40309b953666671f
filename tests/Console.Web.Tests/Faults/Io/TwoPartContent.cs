using System.Net;
using System.Text;

namespace Console.Web.Tests.Faults.Io;

/// <summary>
/// An NDJSON body sent in two pieces with a pause between them (chunked, no Content-Length), so the console most likely
/// reads and queues the first lines as a part of their own before the rest arrives, as it does for a slow sender. Nothing
/// may depend on the split happening: it only makes the "first part taken, a later part refused" case likely.
/// </summary>
public sealed class TwoPartContent : HttpContent
{
    private readonly string _head;
    private readonly string _tail;
    private readonly TimeSpan _pause;

    public TwoPartContent(string head, string tail, TimeSpan pause)
    {
        _head = head;
        _tail = tail;
        _pause = pause;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson") { CharSet = "utf-8" };
    }

    public static TwoPartContent Numbered(int first, int count, int headCount, TimeSpan pause) =>
        new(NumberedEvents.Body(first, headCount), NumberedEvents.Body(first + headCount, count - headCount), pause);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(_head));
        await stream.FlushAsync();
        await Task.Delay(_pause);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(_tail));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
