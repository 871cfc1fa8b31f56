using System.Buffers;
using System.Net;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// The client's request body as outgoing content, copied chunk by chunk as it arrives (never buffered
/// whole) and flushed after each chunk so streamed uploads reach the upstream as they are sent.
/// Records whether copying started (a started body cannot be replayed on a retry) and which side failed.
/// </summary>
internal sealed class StreamCopyHttpContent(Stream source, ActivityTimeout activity) : HttpContent
{
    internal const int BufferSize = 64 * 1024;

    public bool Started { get; private set; }

    /// <summary>Reading from the client failed (it aborted, or sent more than the route allows).</summary>
    public Exception? ClientError { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Started = true;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, activity.Token);
                }
                catch (Exception ex)
                {
                    ClientError = ex;
                    throw;
                }

                if (read == 0)
                {
                    return;
                }

                activity.Reset();
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                activity.Reset();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        // Content-Length, when the client sent one, is copied as a header; otherwise the body is chunked.
        length = -1;
        return false;
    }
}
