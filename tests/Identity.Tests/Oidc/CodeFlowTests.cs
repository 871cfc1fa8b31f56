using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Contracts.Identity;
using Platform.Identity.Oidc.Tokens;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>The authorization code flow with PKCE end to end: login page, authorize, token, ID token, userinfo.</summary>
public sealed class CodeFlowTests(OidcHost host) : IClassFixture<OidcHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Code_flow_issues_an_access_token_an_id_token_and_a_refresh_token()
    {
        var user = await host.CreateUserAsync([PlatformRoles.PerformanceOfficer, PlatformRoles.Overseer]);
        using var browser = host.NewBrowser();

        var (tokens, request) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        Assert.Equal("Bearer", tokens.Body.GetProperty("token_type").GetString());
        Assert.Equal(600, tokens.Body.GetProperty("expires_in").GetInt32());
        Assert.Equal(OidcFlow.DefaultScope, tokens.Body.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.Equal("no-store", tokens.Response.Headers.CacheControl?.ToString());

        var id = new JsonWebToken(tokens.IdToken);
        Assert.Equal("JWT", id.Typ);
        Assert.Equal(OidcHost.Issuer, id.Issuer);
        Assert.Equal([OidcHost.SpaClient], id.Audiences);
        Assert.Equal(user.Id.ToString(), id.Subject);
        Assert.Equal(request.Nonce, id.GetClaim("nonce").Value);
        Assert.Equal(TokenFactory.AccessTokenHash(tokens.AccessToken), id.GetClaim("at_hash").Value);
        Assert.Equal(host.Clock.Now.ToUnixTimeSeconds(), long.Parse(id.GetClaim("auth_time").Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromMinutes(5), id.ValidTo - id.IssuedAt);
        var access = new JsonWebToken(tokens.AccessToken);
        Assert.Equal(id.GetClaim("sid").Value, access.GetClaim("sid").Value);
        Assert.Equal(user.UserName, id.GetClaim("preferred_username").Value);
    }

    [Fact]
    public async Task Access_token_is_an_at_jwt_for_the_granted_apis_with_the_users_organisation_region_and_roles()
    {
        var user = await host.CreateUserAsync([PlatformRoles.BudgetOfficer, PlatformRoles.Overseer]);
        using var browser = host.NewBrowser();

        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        var token = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal(OidcHost.Issuer, token.Issuer);
        Assert.Equal(["projects", "targets"], token.Audiences.Order());
        Assert.Equal(OidcFlow.DefaultScope, token.GetClaim("scope").Value);
        Assert.Equal(OidcHost.SpaClient, token.GetClaim("client_id").Value);
        Assert.Equal(user.Id.ToString(), token.Subject);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.Equal(TimeSpan.FromMinutes(10), token.ValidTo - token.IssuedAt);
        Assert.Equal(token.IssuedAt, token.ValidFrom);
        Assert.Equal(user.OrganisationId.ToString(), token.GetClaim(PlatformClaims.Organisation).Value);
        Assert.Equal(user.OrganisationName, token.GetClaim(PlatformClaims.OrganisationName).Value);
        Assert.Equal(OrganisationKinds.FinanceBureau, token.GetClaim(PlatformClaims.OrganisationKind).Value);
        Assert.Equal(user.RegionCode, token.GetClaim(PlatformClaims.Region).Value);
        Assert.Equal(user.RegionName, token.GetClaim(PlatformClaims.RegionName).Value);
        Assert.Equal(RegionLevels.County, token.GetClaim(PlatformClaims.RegionLevel).Value);
        Assert.Equal([PlatformRoles.BudgetOfficer, PlatformRoles.Overseer], token.Claims.Where(c => c.Type == "role").Select(c => c.Value).Order());
        Assert.True(token.TryGetClaim("auth_time", out _));
        Assert.False(token.TryGetClaim(PlatformClaims.ParentOrganisation, out _)); // a bureau without a parent names none
    }

    [Fact]
    public async Task Access_token_of_a_unit_user_names_the_department_above_the_unit()
    {
        var user = await host.CreateUserAsync([PlatformRoles.UnitFiler], kind: OrganisationKinds.Unit, parentKind: OrganisationKinds.Department);
        using var browser = host.NewBrowser();

        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        var token = new JsonWebToken(tokens.AccessToken);
        Assert.Equal(user.OrganisationId.ToString(), token.GetClaim(PlatformClaims.Organisation).Value);
        Assert.Equal(user.ParentOrganisationId.ToString(), token.GetClaim(PlatformClaims.ParentOrganisation).Value);
        Assert.Equal(user.ParentOrganisationName, token.GetClaim(PlatformClaims.ParentOrganisationName).Value);
    }

    [Fact]
    public async Task Userinfo_answers_GET_with_a_bearer_header_and_POST_with_a_form_token()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();

        using var get = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var byGet = await client.SendAsync(get, Ct);
        using var byPost = await client.PostAsync("/connect/userinfo",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken }), Ct);

        foreach (var response in new[] { byGet, byPost })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(user.Id.ToString(), body.RootElement.GetProperty("sub").GetString());
            Assert.Equal(user.UserName, body.RootElement.GetProperty("preferred_username").GetString());
            Assert.Equal(user.RegionCode, body.RootElement.GetProperty("region").GetString());
        }
    }

    [Fact]
    public async Task Userinfo_without_a_valid_token_is_401_with_a_bearer_challenge()
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
