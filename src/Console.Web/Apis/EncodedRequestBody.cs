using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace Console.Web.Apis;

/// <summary>
/// A request body with its <c>Content-Encoding</c> (gzip, deflate, identity) undone and a cap on the decoded length, so
/// a small compressed body cannot inflate without bound. For the ingest routes OTLP exporters and Seq clients post to.
/// </summary>
internal static class EncodedRequestBody
{
    /// <summary>The decoded body, or null with the reason when the encoding is not one we read.</summary>
    public static Stream? Open(HttpRequest request, long maxBytes, out string? unsupported)
    {
        unsupported = null;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The compressed body is never larger than the decoded one we accept.
            limit.MaxRequestBodySize = maxBytes;
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        Stream decoded;
        switch (encoding.ToLowerInvariant())
        {
            case "" or "identity":
                decoded = request.Body;
                break;
            case "gzip" or "x-gzip":
                decoded = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
                // HTTP's "deflate" is the zlib format (RFC 9110).
                decoded = new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                unsupported = $"Content-Encoding '{encoding}' is not supported; send gzip, deflate or identity";
                return null;
        }

        return new CappedStream(decoded, maxBytes);
    }

    /// <summary>Reads a decoded body whole; throws <see cref="RequestBodyTooLargeException"/> past the cap, <see cref="InvalidDataException"/> for corrupt compression.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private sealed class CappedStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && inner is not null && inner is GZipStream or ZLibStream)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            _read += read;
            if (_read > maxBytes)
            {
                throw new RequestBodyTooLargeException(maxBytes);
            }

            return read;
        }
    }
}
