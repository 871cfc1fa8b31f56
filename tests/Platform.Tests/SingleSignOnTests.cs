using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Contracts;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Tests;

/// <summary>
/// Issue 3's "done when": a user signs in once at the platform's own provider (through the gateway, which is the
/// issuer) and reaches every service with their region's scope; services call each other with client-credentials
/// tokens limited to what they may call.
/// </summary>
[Collection(IdentityPlatformCollection.Name)]
public sealed class SingleSignOnTests(IdentityPlatformFixture platform)
{
    private const string CountyFiler = "140322.unit-filer";
    private const string CityAdmin = "140300.region-admin";

    [Fact]
    public async Task A_county_user_signs_in_once_and_reaches_every_service_with_the_county_in_the_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = platform.NewBrowser();

        var tokens = await browser.SignInAsync(CountyFiler, platform.DemoPassword, ct: ct);

        var claims = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("at+jwt", claims.Typ);
        Assert.Equal(platform.GatewayUrl.AbsoluteUri.TrimEnd('/'), claims.Issuer);
        Assert.Equal("140322", claims.GetClaim(PlatformClaims.Region).Value);
        using var gateway = platform.Gateway(tokens.AccessToken);
        foreach (var (service, _) in ResourceNames.Services)
        {
            var caller = await gateway.GetFromJsonAsync<CallerResponse>($"/api/{service}/caller", ApiJsonOptions, ct);
            Assert.Equal(service, caller!.Service);
            Assert.Equal(claims.Subject, caller.Subject);
        }
        var me = await gateway.GetFromJsonAsync<MeDto>("/api/identity/me", ApiJsonOptions, ct);
        Assert.Equal("140322", me!.RegionCode);
        Assert.Equal(CountyFiler, me.UserName);

        // The same browser signing in again for another client request reuses the SSO session: no password page.
        await browser.SignInAsync(CountyFiler, "not the password", ct: ct);
        Assert.DoesNotContain(browser.Visited, path => path.StartsWith("/account/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_county_officer_cannot_see_a_sibling_countys_organisations_and_a_city_officer_sees_its_counties()
    {
        var ct = TestContext.Current.CancellationToken;
        using var countyBrowser = platform.NewBrowser();
        using var cityBrowser = platform.NewBrowser();
        var county = await countyBrowser.SignInAsync("140322.performance-officer", platform.DemoPassword, ct: ct);
        var city = await cityBrowser.SignInAsync("140300.performance-officer", platform.DemoPassword, ct: ct);

        using var asCounty = platform.Gateway(county.AccessToken);
        var sibling = await asCounty.GetFromJsonAsync<PagedResult<OrganisationDto>>("/api/identity/organisations?region=140321&pageSize=100", ApiJsonOptions, ct);
        var own = await asCounty.GetFromJsonAsync<PagedResult<OrganisationDto>>("/api/identity/organisations?pageSize=100", ApiJsonOptions, ct);
        using var asCity = platform.Gateway(city.AccessToken);
        var cityView = await asCity.GetFromJsonAsync<PagedResult<OrganisationDto>>("/api/identity/organisations?region=140321&pageSize=100", ApiJsonOptions, ct);

        Assert.Empty(sibling!.Items);
        Assert.NotEmpty(own!.Items);
        Assert.All(own.Items, o => Assert.Equal("140322", o.RegionCode));
        Assert.NotEmpty(cityView!.Items);
        Assert.All(cityView.Items, o => Assert.Equal("140321", o.RegionCode));
    }

    [Fact]
    public async Task A_user_created_by_a_city_administrator_signs_in_changes_the_one_time_password_and_reaches_every_service()
    {
        var ct = TestContext.Current.CancellationToken;
        using var adminBrowser = platform.NewBrowser();
        // Administrators must use a second factor: the first sign-in enrols TOTP, the client answers with a code.
        var admin = await adminBrowser.SignInAsync(CityAdmin, platform.DemoPassword, ct: ct);
        Assert.NotNull(adminBrowser.TotpKey);
        using var asAdmin = platform.Gateway(admin.AccessToken);
        var organisations = await asAdmin.GetFromJsonAsync<PagedResult<OrganisationDto>>(
            $"/api/identity/organisations?region=140322&kind={OrganisationKinds.Unit}&pageSize=1", ApiJsonOptions, ct);
        var unit = Assert.Single(organisations!.Items);

        var userName = "yx-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await asAdmin.PostAsJsonAsync("/api/identity/users",
            new CreateUserRequest(userName, "新建填报员", null, null, unit.Id, [PlatformRoles.UnitFiler]), ApiJsonOptions, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var oneTime = (await created.Content.ReadFromJsonAsync<OneTimePasswordResponse>(ApiJsonOptions, ct))!;

        using var userBrowser = platform.NewBrowser();
        var tokens = await userBrowser.SignInAsync(userName, oneTime.OneTimePassword, newPassword: "Xinmima#2026abc", ct: ct);

        Assert.Contains(userBrowser.Visited, path => path.StartsWith("/account/change-password", StringComparison.Ordinal));
        using var gateway = platform.Gateway(tokens.AccessToken);
        foreach (var (service, _) in ResourceNames.Services)
        {
            using var response = await gateway.GetAsync($"/api/{service}/caller", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal("140322", new JsonWebToken(tokens.AccessToken).GetClaim(PlatformClaims.Region).Value);
    }

    [Fact]
    public async Task A_service_gets_client_credentials_tokens_only_for_the_services_it_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = platform.NewBrowser();
        var secret = platform.App.GetParameterValue("projects-client-secret");

        var token = await client.ClientCredentialsAsync(ResourceNames.Projects, secret, ResourceNames.Targets, ct);
        using var gateway = platform.Gateway(token);
        using var allowed = await gateway.GetAsync("/api/targets/caller", ct);
        using var otherAudience = await gateway.GetAsync("/api/vendors/caller", ct);
        var notAllowed = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.ClientCredentialsAsync(ResourceNames.Projects, secret, ResourceNames.Vendors, ct));
        var wrongSecret = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.ClientCredentialsAsync(ResourceNames.Projects, secret + "x", ResourceNames.Targets, ct));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAudience.StatusCode);
        Assert.Contains("invalid_scope", notAllowed.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", wrongSecret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_trust_only_the_platform_issuer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var foreign = await TestTokenIssuer.StartAsync(ct);

        using var gateway = platform.Gateway(foreign.MintToken(ResourceNames.Projects));
        using var response = await gateway.GetAsync("/api/projects/caller", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static readonly System.Text.Json.JsonSerializerOptions ApiJsonOptions = Platform.Contracts.Json.ApiJson.Options;
}
