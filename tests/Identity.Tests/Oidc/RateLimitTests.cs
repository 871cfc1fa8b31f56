using System.Net;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>Low limits, so the tests reach them: 3 login posts per address, 2 per user name, 3 token requests per second.</summary>
public sealed class LowLimitsHost : OidcHost
{
    protected override string DatabasePrefix => "identity_limits";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:RateLimits:LoginPerMinute"] = "3",
        ["Identity:RateLimits:LoginPerUserPerMinute"] = "2",
        ["Identity:RateLimits:TokenPerSecond"] = "3",
    };
}

/// <summary>Login and token rate limits answer 429 with Retry-After; partitions are per address, user name and client.</summary>
public sealed class RateLimitTests(LowLimitsHost host) : IClassFixture<LowLimitsHost>
{
    [Fact]
    public async Task Login_posts_beyond_the_per_address_limit_get_429_with_retry_after()
    {
        using var browser = host.NewBrowser();
        browser.Headers["X-Forwarded-For"] = "203.0.113.10";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await OidcFlow.LoginAsync(browser, "/account/login", $"someone{i}", "Wrong!pass1A");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Login_posts_for_one_user_name_are_limited_from_any_address()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            browser.Headers["X-Forwarded-For"] = $"198.51.100.{i + 1}";
            using var response = await OidcFlow.LoginAsync(browser, "/account/login", user.UserName, "Wrong!pass1A");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Token_requests_beyond_the_per_client_limit_get_429_and_another_client_is_unaffected()
    {
        using var client = host.NewClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OidcFlow.TokenAsync(client, form, (OidcHost.ServiceClient, OidcHost.ServiceSecret))));
        var other = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = "x", ["client_id"] = OidcHost.SpaClient,
        });

        Assert.Contains(answers, a => a.Status == HttpStatusCode.TooManyRequests && a.Response.Headers.RetryAfter is not null);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Equal("invalid_grant", other.Error);
    }
}
