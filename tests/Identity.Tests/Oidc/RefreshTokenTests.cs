using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Identity.Directory;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>Refresh tokens: rotated on every use, a replay after the grace revoking the whole family.</summary>
public sealed class RefreshTokenTests(OidcHost host) : IClassFixture<OidcHost>
{
    [Fact]
    public async Task Refreshing_rotates_the_refresh_token_and_keeps_the_session_and_auth_time()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();
        host.Clock.Advance(TimeSpan.FromMinutes(9));

        var refreshed = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
        var before = new JsonWebToken(tokens.AccessToken);
        var after = new JsonWebToken(refreshed.AccessToken);
        Assert.Equal(before.GetClaim("sid").Value, after.GetClaim("sid").Value);
        Assert.Equal(before.GetClaim("auth_time").Value, after.GetClaim("auth_time").Value);
        Assert.True(after.ValidTo > before.ValidTo);
        Assert.Equal(user.Id.ToString(), new JsonWebToken(refreshed.IdToken).Subject);
    }

    [Fact]
    public async Task A_refresh_token_replayed_after_the_grace_revokes_the_family_so_the_newest_fails_too()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();
        var second = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);
        host.Clock.Advance(TimeSpan.FromSeconds(3));

        var replay = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);
        var newest = await OidcFlow.RefreshAsync(client, second.RefreshToken);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal("invalid_grant", newest.Error);
        Assert.False(await Introspection.IsActiveAsync(host, second.AccessToken));
    }

    [Fact]
    public async Task Within_the_grace_a_concurrent_duplicate_gets_its_own_valid_tokens_and_the_family_lives_on()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();
        var first = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        var duplicate = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, duplicate.Status);
        Assert.NotEqual(first.RefreshToken, duplicate.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await OidcFlow.RefreshAsync(client, first.RefreshToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await OidcFlow.RefreshAsync(client, duplicate.RefreshToken)).Status);
    }

    [Fact]
    public async Task Concurrent_refreshes_of_one_token_all_succeed_within_the_grace()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OidcFlow.RefreshAsync(client, tokens.RefreshToken)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Equal(4, answers.Select(a => a.RefreshToken).Distinct().Count());
    }

    [Fact]
    public async Task A_refresh_token_is_bound_to_its_client()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
        }, (OidcHost.WebClient, OidcHost.WebSecret));

        Assert.Equal("invalid_grant", answer.Error);
    }

    [Fact]
    public async Task A_refresh_may_narrow_the_scopes_but_not_widen_them()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user, scope: "openid offline_access projects");
        using var client = host.NewClient();

        var wider = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken, ["client_id"] = OidcHost.SpaClient, ["scope"] = "projects targets",
        });
        var narrower = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken, ["client_id"] = OidcHost.SpaClient, ["scope"] = "projects",
        });

        Assert.Equal("invalid_scope", wider.Error);
        Assert.Equal(HttpStatusCode.OK, narrower.Status);
        Assert.Equal("projects", new JsonWebToken(narrower.AccessToken).GetClaim("scope").Value);
    }

    [Fact]
    public async Task Without_offline_access_no_refresh_token_is_issued()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();

        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user, scope: "openid profile projects");

        Assert.False(tokens.Body.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task A_refresh_token_unused_for_the_sliding_lifetime_expires()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();
        host.Clock.Advance(TimeSpan.FromDays(14));

        var answer = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal("invalid_grant", answer.Error);
    }

    [Fact]
    public async Task A_password_change_stops_refreshes_of_sessions_elsewhere()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        await host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var account = await users.FindByIdAsync(user.Id.ToString());
            return await users.UpdateSecurityStampAsync(account!);
        });
        using var client = host.NewClient();

        var answer = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);

        Assert.Equal("invalid_grant", answer.Error);
    }
}
