using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Problems;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Messaging;

/// <summary>The receiving side: a message is acted on once per key, however often and however concurrently it arrives.</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private TestTokenIssuer _issuer = null!;
    private SharedTablesDatabase _database = null!;
    private TestApp _app = null!;
    private int _handled;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _issuer = await TestTokenIssuer.StartAsync(ct);
        _database = await SharedTablesDatabase.CreateAsync("inbox", ct);
        _app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["Identity:Url"] = _issuer.Authority },
            builder => builder.Services.AddDbContextPool<MessagingTestDb>(options =>
                options.UseNpgsql(_database.DataSource, npgsql => npgsql.EnableRetryOnFailure())),
            app => app.MapGroup("/api/projects").MapInbox<MessagingTestDb, NoteAdded>("note-added", async (db, message, caller, token) =>
            {
                Interlocked.Increment(ref _handled);
                if (message.Text == "拒绝")
                {
                    return new FieldErrors().Add("text", "refused", "不接受").ToUnprocessable();
                }
                db.Notes.Add(new Note { Text = $"{message.Text} from {caller.ClientId}" });
                // Long enough for a concurrent delivery of the same key to arrive meanwhile.
                await Task.Delay(message.DelayMs, token);
                return null;
            }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Message_is_handled_and_its_key_recorded_then_a_repeat_is_a_no_op()
    {
        using var first = await PostAsync("k-1", new NoteAdded("立项", 0));
        using var repeat = await PostAsync("k-1", new NoteAdded("立项", 0));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(1, _handled);
        Assert.Equal(["立项 from targets"], await NotesAsync());
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM processed_messages WHERE idempotency_key = 'k-1'", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_key_run_the_handler_once()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync("k-2", new NoteAdded("并发", 300))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _handled);
        Assert.Equal(["并发 from targets"], await NotesAsync());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Refusal_saves_nothing_and_leaves_the_key_free_for_a_retry()
    {
        using var refused = await PostAsync("k-3", new NoteAdded("拒绝", 0));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Empty(await NotesAsync());
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM processed_messages", TestContext.Current.CancellationToken));

        using var retried = await PostAsync("k-3", new NoteAdded("重发", 0));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(["重发 from targets"], await NotesAsync());
    }

    [Fact]
    public async Task Missing_key_is_a_400_naming_the_header_and_nothing_runs()
    {
        using var response = await PostAsync(null, new NoteAdded("无键", 0));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, _handled);
    }

    [Theory]
    [InlineData("{\"text\": ")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public async Task Malformed_body_is_a_400_problem_and_nothing_runs(string body)
    {
        using var request = Request("k-4", new StringContent(body, Encoding.UTF8, "application/json"), ServiceToken());
        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_user_token_is_refused()
    {
        var user = _issuer.MintToken("projects",
        [
            new Claim(PlatformClaims.Subject, "u-1"), new Claim(PlatformClaims.ClientId, "portal"),
            new Claim(PlatformClaims.Region, "140322"), new Claim(PlatformClaims.RegionLevel, RegionLevels.County),
            new Claim(PlatformClaims.Role, PlatformRoles.PlatformOperator),
        ]);
        using var request = Request("k-5", JsonContent.Create(new NoteAdded("用户", 0)), user);
        using var response = await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _handled);
    }

    private async Task<string[]> NotesAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MessagingTestDb>().Notes.OrderBy(n => n.Id).Select(n => n.Text)
            .ToArrayAsync(TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> PostAsync(string? key, NoteAdded message) =>
        _app.Client.SendAsync(Request(key, JsonContent.Create(message), ServiceToken()), TestContext.Current.CancellationToken);

    private string ServiceToken() => _issuer.MintToken("projects", [new Claim("sub", "targets"), new Claim("client_id", "targets")]);

    private static HttpRequestMessage Request(string? key, HttpContent content, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects/inbox/note-added") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    public sealed record NoteAdded(string Text, int DelayMs);
}
