using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Platform.Contracts.Identity;
using Platform.Gateway.Tests.Support;
using Platform.ServiceDefaults.Scope;
using Platform.Testing;

namespace Platform.Gateway.Tests;

public sealed class AuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_protected_route_without_a_token_is_401_and_never_forwarded()
    {
        var forwarded = false;
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartAsync(app => app.Map("/{**path}", () => forwarded = true));
        await using var gateway = await GatewayHost.StartAsync(Protected(upstream.Url, issuer));

        using var response = await gateway.Client.GetAsync("/api/projects/1", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(forwarded);
    }

    [Fact]
    public async Task A_token_signed_with_a_foreign_key_is_401()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(Protected(upstream.Url, issuer));

        using var response = await SendAsync(gateway, issuer.MintTokenWithForeignKey(ProxySettings.Audience));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_for_an_audience_the_gateway_does_not_accept_is_401()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(Protected(upstream.Url, issuer));

        using var response = await SendAsync(gateway, issuer.MintToken("payroll"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_is_forwarded_with_its_Authorization_header_unchanged()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(Protected(upstream.Url, issuer));
        var token = issuer.MintToken(ProxySettings.Audience);

        var echo = await Echo.ReadAsync(await SendAsync(gateway, token));

        Assert.Equal($"Bearer {token}", echo.Header("Authorization"));
    }

    [Fact]
    public async Task Each_accepted_audience_is_let_through()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("targets");
        await using var gateway = await GatewayHost.StartAsync(Protected(upstream.Url, issuer));

        using var response = await SendAsync(gateway, issuer.MintToken("targets"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_route_needs_no_token()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = Protected(upstream.Url, issuer).With("ReverseProxy:Routes:all:AuthorizationPolicy", "anonymous");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var response = await gateway.Client.GetAsync("/api/projects/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_per_user_limit_counts_each_user_separately()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        var redis = await TestRedis.GetAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = RateLimitTests.Limited(upstream.Url, redis.ConnectionString, perIp: 1000, perUser: 2)
            .With("ReverseProxy:Routes:all:AuthorizationPolicy", "default")
            .With("Identity:Url", issuer.Authority);
        await using var gateway = await GatewayHost.StartAsync(settings);
        var alice = issuer.MintToken(ProxySettings.Audience, [new Claim("sub", "alice")]);
        var bob = issuer.MintToken(ProxySettings.Audience, [new Claim("sub", "bob")]);

        var aliceStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(gateway, alice);
            aliceStatuses.Add(response.StatusCode);
        }

        using var bobResponse = await SendAsync(gateway, bob);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], aliceStatuses);
        Assert.Equal(HttpStatusCode.OK, bobResponse.StatusCode);
    }

    [Fact]
    public async Task A_refused_token_gets_a_ProblemDetails_401_with_the_bearer_challenge()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(Protected(upstream.Url, issuer));

        using var response = await SendAsync(gateway, issuer.MintTokenWithForeignKey(ProxySettings.Audience));

        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized", upstream.Port);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_route_with_a_named_policy_forwards_only_callers_who_meet_it()
    {
        var forwarded = 0;
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        await using var upstream = await Upstream.StartAsync(app => app.Map("/{**path}", () => ++forwarded));
        var settings = Protected(upstream.Url, issuer).With("ReverseProxy:Routes:all:AuthorizationPolicy", PlatformPolicies.Administrator);
        await using var gateway = await GatewayHost.StartAsync(settings);
        Claim[] user = [new("sub", "u1"), new("region", "140000"), new("region_level", "province")];

        using var filer = await SendAsync(gateway, issuer.MintToken(ProxySettings.Audience, [.. user, new Claim("role", PlatformRoles.DepartmentFiler)]));
        await Problems.AssertAsync(filer, HttpStatusCode.Forbidden, "forbidden", upstream.Port);
        Assert.Equal(0, forwarded);

        using var administrator = await SendAsync(gateway, issuer.MintToken(ProxySettings.Audience, [.. user, new Claim("role", PlatformRoles.RegionAdmin)]));
        Assert.Equal(HttpStatusCode.OK, administrator.StatusCode);
        Assert.Equal(1, forwarded);
    }

    [Fact]
    public async Task On_an_anonymous_route_a_signed_in_caller_is_still_limited_as_a_user()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        var redis = await TestRedis.GetAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = RateLimitTests.Limited(upstream.Url, redis.ConnectionString, perIp: 1000, perUser: 1)
            .With("Identity:Url", issuer.Authority);
        await using var gateway = await GatewayHost.StartAsync(settings);
        var alice = issuer.MintToken(ProxySettings.Audience, [new Claim("sub", "alice")]);

        using var first = await SendAsync(gateway, alice);
        using var second = await SendAsync(gateway, alice);
        using var anonymous = await gateway.Client.GetAsync("/api/projects/1", Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Problems.AssertAsync(second, HttpStatusCode.TooManyRequests, "rate_limited", upstream.Port);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    private static ProxySettings Protected(string upstream, TestTokenIssuer issuer) =>
        new ProxySettings()
            .Route("all", "/api/{**catch-all}", "backend", policy: "default")
            .Cluster("backend", upstream)
            .With("Identity:Url", issuer.Authority);

    private static Task<HttpResponseMessage> SendAsync(GatewayHost gateway, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects/1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.Client.SendAsync(request, Ct);
    }
}
