using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Platform.ServiceDefaults.Tabular;

namespace Platform.ServiceDefaults.Tests.Tabular;

/// <summary><c>WithUploadLimit</c> on a real Kestrel app: a too-large upload is a 413 with its reason, never a 500.</summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const long Limit = 1024 * 1024;
    private const long ImportLimit = 40L * 1024 * 1024;

    private TestApp _app = null!;
    private int _completed;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(configureApp: app =>
    {
        app.MapPost("/upload", async (IFormFile file) =>
        {
            Interlocked.Increment(ref _completed);
            await using var stream = file.OpenReadStream();
            return Results.Ok(new { file.FileName, file.Length });
        }).WithUploadLimit(Limit).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/raw", async (HttpRequest request) =>
        {
            var length = 0L;
            var buffer = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }
            Interlocked.Increment(ref _completed);
            return Results.Ok(length);
        }).WithUploadLimit(Limit).AllowAnonymous();
        app.MapPost("/imports", async (IFormFile file) =>
        {
            Interlocked.Increment(ref _completed);
            return Results.Ok(file.Length);
        }).WithUploadLimit(ImportLimit).AllowAnonymous().DisableAntiforgery();
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Content_length_over_the_limit_is_a_413_naming_the_limit_before_the_body_is_read()
    {
        using var content = Form(Limit + 1);

        using var response = await _app.Client.PostAsync("/upload", content, TestContext.Current.CancellationToken);

        await AssertTooLargeAsync(response, "1MB");
    }

    [Theory]
    [InlineData("/upload")]
    [InlineData("/raw")]
    public async Task Chunked_body_over_the_limit_is_a_413_not_a_500(string path)
    {
        using var content = Chunked(path, 8L * 1024 * 1024);

        using var response = await _app.Client.PostAsync(path, content, TestContext.Current.CancellationToken);

        Assert.Null(content.Headers.ContentLength);
        await AssertTooLargeAsync(response, "1MB");
    }

    [Fact]
    public async Task Chunked_50_mb_upload_to_a_40_mb_import_is_a_413_naming_40_mb()
    {
        using var content = Chunked("/imports", 50L * 1024 * 1024);

        using var response = await _app.Client.PostAsync("/imports", content, TestContext.Current.CancellationToken);

        await AssertTooLargeAsync(response, "40MB");
    }

    [Fact]
    public async Task Upload_within_the_limit_is_read()
    {
        using var content = Form(Limit - 1024);

        using var response = await _app.Client.PostAsync("/upload", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _completed);
    }

    [Fact]
    public async Task Limit_above_kestrels_30_mb_default_admits_a_31_mb_import()
    {
        using var content = Form(31L * 1024 * 1024);

        using var response = await _app.Client.PostAsync("/imports", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertTooLargeAsync(HttpResponseMessage response, string limitText)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonSerializer.Deserialize<ProblemDetails>(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
        Assert.Equal("payload_too_large", ((JsonElement)problem.Extensions["code"]!).GetString());
        Assert.Contains(limitText, problem.Detail);
        Assert.Equal(0, _completed);
    }

    /// <summary>A body the client streams without a length: raw bytes, or a well-formed multipart form with one file.</summary>
    private static StreamContent Chunked(string path, long fileBytes)
    {
        if (path == "/raw")
        {
            var raw = new StreamContent(new UnsizedStream([], fileBytes, []));
            raw.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            return raw;
        }
        var head = Encoding.UTF8.GetBytes("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"import.xlsx\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes("\r\n--b0undary--\r\n");
        var form = new StreamContent(new UnsizedStream(head, fileBytes, tail));
        form.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b0undary");
        return form;
    }

    private static MultipartFormDataContent Form(long fileBytes)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[fileBytes]), "file", "项目.xlsx");
        return form;
    }

    /// <summary>
    /// <paramref name="head"/>, then <paramref name="length"/> filler bytes, then <paramref name="tail"/>, with no
    /// length the client could know, so it is sent chunked.
    /// </summary>
    private sealed class UnsizedStream(byte[] head, long length, byte[] tail) : Stream
    {
        private long _position;

        private long Total => head.Length + length + tail.Length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _position < Total)
            {
                int n;
                if (_position < head.Length)
                {
                    n = (int)Math.Min(count - written, head.Length - _position);
                    Array.Copy(head, _position, buffer, offset + written, n);
                }
                else if (_position < head.Length + length)
                {
                    n = (int)Math.Min(count - written, head.Length + length - _position);
                    Array.Fill(buffer, (byte)'a', offset + written, n);
                }
                else
                {
                    n = (int)Math.Min(count - written, Total - _position);
                    Array.Copy(tail, _position - head.Length - length, buffer, offset + written, n);
                }
                _position += n;
                written += n;
            }
            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
