using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Idempotency;

/// <summary>The request-side logic of <see cref="IdempotencyExtensions.WithIdempotency{TBuilder}"/>.</summary>
internal static class IdempotentRequests
{
    internal const int MaxKeyLength = 128;

    /// <summary>Responses larger than this are not stored (and the key is freed): create commands answer small DTOs.</summary>
    internal const int MaxStoredResponseBytes = 1024 * 1024;

    internal static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A reservation without an answer this old belongs to a request that died with its process.</summary>
    internal static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    public static async Task HandleAsync(HttpContext http, RequestDelegate inner)
    {
        var request = http.Request;
        if (!request.Headers.TryGetValue(IdempotencyExtensions.HeaderName, out var values)
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await inner(http);
            return;
        }
        var caller = CallerScope.Current ?? Caller.FromPrincipal(http.User);
        var subject = caller.UserId ?? caller.ClientId;
        if (subject is null)
        {
            // Nobody to keep the answer for: an anonymous repeat must not see another anonymous caller's response.
            await inner(http);
            return;
        }

        var key = values.ToString().Trim();
        if (CheckKey(key) is { HasErrors: true } errors)
        {
            await errors.ToValidationProblem().ExecuteAsync(http);
            return;
        }

        var store = new IdempotencyStore(
            http.RequestServices.GetRequiredService<NpgsqlDataSource>(),
            http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System);
        var hash = await HashAsync(request, http.RequestAborted);
        var claim = await store.ClaimAsync(subject, key, hash, http.RequestAborted);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Reused:
                await ProblemAsync(http, StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", "幂等键已被其他请求使用",
                    "该幂等键（Idempotency-Key）已用于内容不同的另一请求，请为新的请求生成新的幂等键。");
                return;
            case ClaimOutcome.InFlight:
                await ProblemAsync(http, StatusCodes.Status409Conflict, "idempotency_in_flight", "相同的请求正在处理中",
                    "使用同一幂等键（Idempotency-Key）的请求尚未处理完毕，请稍后再查询结果。");
                return;
            case ClaimOutcome.Completed:
                await ReplayAsync(http, claim.Stored!);
                return;
        }

        var original = http.Response.Body;
        var capture = new CaptureStream(original, MaxStoredResponseBytes);
        http.Response.Body = capture;
        var completed = false;
        try
        {
            await inner(http);
            var response = http.Response;
            if (response.StatusCode is >= 200 and < 300 && !capture.Overflowed)
            {
                await store.CompleteAsync(subject, key, new StoredResponse(response.StatusCode, response.ContentType,
                    response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, capture.Captured), CancellationToken.None);
                completed = true;
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!completed)
            {
                // A failed attempt leaves nothing behind: the caller may correct the request and send the same key.
                await store.ReleaseAsync(subject, key, CancellationToken.None);
            }
        }
    }

    /// <summary>The field errors (400) of an <c>Idempotency-Key</c> (trimmed) that is empty or too long; the inbox checks its keys so too.</summary>
    internal static FieldErrors CheckKey(string key) => new FieldErrors()
        .Must(key.Length > 0, IdempotencyExtensions.HeaderName, "required", "幂等键（Idempotency-Key）不能为空")
        .Must(key.Length <= MaxKeyLength, IdempotencyExtensions.HeaderName, "too_long", $"幂等键（Idempotency-Key）不能超过{MaxKeyLength}个字符");

    /// <summary>SHA-256 of method, path and body: what "the same request" means for a key.</summary>
    internal static async Task<string> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{request.PathBase}{request.Path}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task ReplayAsync(HttpContext http, StoredResponse stored)
    {
        var response = http.Response;
        response.StatusCode = stored.StatusCode;
        if (stored.ContentType is not null)
        {
            response.ContentType = stored.ContentType;
        }
        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }
        response.Headers[IdempotencyExtensions.ReplayedHeaderName] = "true";
        response.ContentLength = stored.Body.Length;
        await response.Body.WriteAsync(stored.Body, http.RequestAborted);
    }

    private static Task ProblemAsync(HttpContext http, int status, string code, string title, string detail) =>
        ProblemResults.Problem(status, code, detail, title).ExecuteAsync(http);

    /// <summary>Writes through to the response while keeping a copy, up to a limit, of what was written.</summary>
    private sealed class CaptureStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public bool Overflowed { get; private set; }

        public byte[] Captured => _copy.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> data)
        {
            if (Overflowed)
            {
                return;
            }
            if (_copy.Length + data.Length > limit)
            {
                Overflowed = true;
                _copy.SetLength(0);
                return;
            }
            _copy.Write(data);
        }
    }
}
