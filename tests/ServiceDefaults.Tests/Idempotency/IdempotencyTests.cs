using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Tests.Messaging;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Idempotency;

/// <summary><c>WithIdempotency()</c> on a create command, over the real <c>idempotent_requests</c> table.</summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly TaskCompletionSource _slowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestTokenIssuer _issuer = null!;
    private SharedTablesDatabase _database = null!;
    private TestApp _app = null!;
    private int _handled;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _issuer = await TestTokenIssuer.StartAsync(ct);
        _database = await SharedTablesDatabase.CreateAsync("idempotency", ct);
        _app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["Identity:Url"] = _issuer.Authority },
            builder =>
            {
                builder.Services.AddSingleton(_database.DataSource);
                builder.Services.AddSingleton<TimeProvider>(_clock);
                builder.Services.AddDbContextPool<MessagingTestDb>(options => options.UseNpgsql(_database.DataSource));
            },
            app => app.MapPost("/api/projects/notes", async (CreateNote request, MessagingTestDb db) =>
            {
                Interlocked.Increment(ref _handled);
                if (string.IsNullOrWhiteSpace(request.Text))
                {
                    return Results.ValidationProblem(new FieldErrors().Required("text", request.Text, "内容").Messages);
                }
                if (request.Text == "慢")
                {
                    _slowStarted.TrySetResult();
                    await _slowRelease.Task;
                }
                var note = new Note { Text = request.Text };
                db.Notes.Add(note);
                await db.SaveChangesAsync();
                return Results.Created($"/api/projects/notes/{note.Id}", new { note.Id, note.Text });
            }).WithIdempotency());
    }

    public async ValueTask DisposeAsync()
    {
        _slowRelease.TrySetResult();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Repeat_replays_status_body_and_location_without_running_again()
    {
        using var first = await PostAsync("key-1", "预算评审");
        using var repeat = await PostAsync("key-1", "预算评审");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, repeat.StatusCode));
        Assert.Equal(await BodyAsync(first), await BodyAsync(repeat));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.NotNull(repeat.Headers.Location);
        Assert.Equal("application/json", repeat.Content.Headers.ContentType?.MediaType);
        Assert.True(repeat.Headers.Contains(IdempotencyExtensions.ReplayedHeaderName));
        Assert.False(first.Headers.Contains(IdempotencyExtensions.ReplayedHeaderName));
        Assert.Equal(1, _handled);
        Assert.Equal(1L, await CountNotesAsync());
    }

    [Fact]
    public async Task Same_key_with_another_body_is_a_422_idempotency_key_reused()
    {
        using var first = await PostAsync("key-2", "第一次");
        using var other = await PostAsync("key-2", "第二次");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency_key_reused", await CodeAsync(other));
        Assert.Equal(1L, await CountNotesAsync());
    }

    [Fact]
    public async Task Failed_first_attempt_frees_the_key_for_a_corrected_retry()
    {
        using var failed = await PostAsync("key-3", "");
        using var corrected = await PostAsync("key-3", "改正后");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Created), (failed.StatusCode, corrected.StatusCode));
        Assert.Equal(2, _handled);
        Assert.Equal(1L, await CountNotesAsync());
    }

    [Fact]
    public async Task Repeat_while_the_first_is_running_is_a_409_in_flight()
    {
        var slow = PostAsync("key-4", "慢");
        await _slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        using var meanwhile = await PostAsync("key-4", "慢");
        _slowRelease.SetResult();
        using var first = await slow;

        Assert.Equal(HttpStatusCode.Conflict, meanwhile.StatusCode);
        Assert.Equal("idempotency_in_flight", await CodeAsync(meanwhile));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1L, await CountNotesAsync());
    }

    [Fact]
    public async Task Keys_belong_to_their_caller()
    {
        using var mine = await PostAsync("key-5", "同键", "u-1");
        using var theirs = await PostAsync("key-5", "同键", "u-2");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (mine.StatusCode, theirs.StatusCode));
        Assert.Equal(2L, await CountNotesAsync());
    }

    [Fact]
    public async Task Key_is_kept_24_hours_then_free_again()
    {
        using var first = await PostAsync("key-6", "昨天");
        _clock.Advance(TimeSpan.FromHours(23));
        using var within = await PostAsync("key-6", "今天");
        _clock.Advance(TimeSpan.FromHours(2));
        using var after = await PostAsync("key-6", "今天");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, within.StatusCode);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(2L, await CountNotesAsync());
    }

    [Fact]
    public async Task Key_longer_than_128_characters_is_a_400_and_nothing_runs()
    {
        using var response = await PostAsync(new string('k', 129), "太长");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await BodyAsync(response));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task Without_a_key_every_request_runs()
    {
        using var first = await PostAsync(null, "无键");
        using var second = await PostAsync(null, "无键");

        Assert.Equal(2L, await CountNotesAsync());
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM idempotent_requests", TestContext.Current.CancellationToken));
    }

    private Task<long> CountNotesAsync() => _database.ScalarAsync<long>("SELECT count(*) FROM notes", TestContext.Current.CancellationToken);

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await BodyAsync(response));
        return problem.RootElement.GetProperty("code").GetString();
    }

    private Task<HttpResponseMessage> PostAsync(string? key, string text, string user = "u-1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects/notes") { Content = JsonContent.Create(new CreateNote(text)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.MintToken("projects",
        [
            new Claim(PlatformClaims.Subject, user), new Claim(PlatformClaims.ClientId, "portal"),
            new Claim(PlatformClaims.Region, "140322"), new Claim(PlatformClaims.RegionLevel, RegionLevels.County),
            new Claim(PlatformClaims.Role, PlatformRoles.UnitFiler),
        ]));
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public sealed record CreateNote(string Text);
}
