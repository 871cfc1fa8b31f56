using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Platform.ServiceDefaults.Tabular;

public static class UploadLimitExtensions
{
    public const string Code = "payload_too_large";

    /// <summary>How much more than the limit the server still reads (and discards) so the client sees the 413.</summary>
    public const long DrainAllowance = 64L * 1024 * 1024;

    /// <summary>
    /// Limits the request body of the endpoint(s) to <paramref name="bytes"/> (also lifting Kestrel's 30 MB default
    /// when the limit is larger): a larger Content-Length is refused with 413 before anything is read, and a body
    /// without one (chunked) is cut off with 413 as soon as it passes the limit. The ProblemDetails has code
    /// <c>payload_too_large</c> and names the limit in MB.
    /// </summary>
    /// <remarks>
    /// It wraps the endpoint's final request delegate so the limit applies before parameter binding reads the body
    /// (a form file is read in full during binding) and a binder's own handling of the failed read cannot turn it
    /// into a 400 or 500.
    /// </remarks>
    public static TBuilder WithUploadLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        builder.Add(endpoint => endpoint.Metadata.Add(new UploadLimitMetadata(bytes)));
        builder.Finally(endpoint =>
        {
            if (endpoint.RequestDelegate is { } inner)
            {
                endpoint.RequestDelegate = http => HandleAsync(http, inner, bytes);
            }
        });
        return builder;
    }

    private static async Task HandleAsync(HttpContext http, RequestDelegate inner, long limit)
    {
        var request = http.Request;
        if (request.ContentLength is { } length && length > limit)
        {
            await TooLargeAsync(http, limit);
            return;
        }
        // Ours (with its message) is the limit that trips. Kestrel's stays as a backstop well above it: after our 413
        // Kestrel drains what the client is still sending up to its own limit, so the client, which usually sends the
        // whole body before it reads the answer, gets the 413 instead of a broken connection.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + DrainAllowance;
        }
        var original = request.Body;
        var counted = new LimitedStream(original, limit);
        request.Body = counted;
        try
        {
            await inner(http);
        }
        catch (Exception exception) when (counted.Exceeded || exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            if (http.Response.HasStarted)
            {
                throw;
            }
            await TooLargeAsync(http, limit);
            return;
        }
        finally
        {
            request.Body = original;
        }
        // A binder that caught the failed read itself has answered 413 (or 400) without a body: say why.
        if ((counted.Exceeded || http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge) && !http.Response.HasStarted)
        {
            await TooLargeAsync(http, limit);
        }
    }

    private static Task TooLargeAsync(HttpContext http, long limit)
    {
        http.Response.Clear();
        var megabytes = (limit / (1024m * 1024m)).ToString("0.##", CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "上传的文件过大",
            Detail = $"上传的文件不能超过{megabytes}MB，请拆分后分批上传。",
        };
        problem.Extensions["code"] = Code;
        problem.Extensions["limitBytes"] = limit;
        return TypedResults.Problem(problem).ExecuteAsync(http);
    }

    /// <summary>The endpoint's upload limit, for OpenAPI and for code that reads the body itself.</summary>
    public sealed record UploadLimitMetadata(long MaxRequestBodySize) : IRequestSizeLimitMetadata
    {
        long? IRequestSizeLimitMetadata.MaxRequestBodySize => MaxRequestBodySize;
    }

    /// <summary>Counts what is read and fails the read that passes the limit.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool Exceeded { get; private set; }

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

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

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

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                Exceeded = true;
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }
            return read;
        }
    }
}
