using Microsoft.Playwright;

namespace Platform.Tests;

/// <summary>The portal, served by the gateway of a running platform, in Debian's headless Chromium, signing in at identity.</summary>
[Collection(IdentityPlatformCollection.Name)]
public sealed class PortalBrowserTests(IdentityPlatformFixture platform) : IAsyncLifetime
{
    private PortalBrowser _browser = null!;

    public async ValueTask InitializeAsync() => _browser = await PortalBrowser.LaunchAsync(platform);

    [Fact]
    public async Task Home_page_shows_every_service_up_through_the_gateway()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(platform.GatewayUrl.ToString());

        await Assertions.Expect(page.GetByText("预算绩效管理平台").First).ToBeVisibleAsync();
        // Six real OpenAPI documents fetched through the gateway: all six rows turn 正常.
        await Assertions.Expect(page.Locator(".el-tag", new() { HasTextString = "正常" })).ToHaveCountAsync(6, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".el-tag", new() { HasTextString = "不可用" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_county_user_following_a_deep_link_signs_in_at_identity_and_lands_on_the_page_with_their_organisation()
    {
        var page = await NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{message.Text} ({message.Location})"); };

        await page.GotoAsync(new Uri(platform.GatewayUrl, "/projects/declaration").ToString());
        await SignInAtIdentityAsync(page, "140322.unit-filer");

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(platform.GatewayUrl, "/projects/declaration").ToString(), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("项目申报").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-org")).ToContainTextAsync("盂县");
        await Assertions.Expect(page.GetByTestId("user-region")).ToHaveTextAsync("盂县");
        // The gateway's CSP forbids inline scripts and styles, on the portal and on identity's pages alike.
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
    }

    [Fact]
    public async Task A_city_user_signs_in_from_the_header_sees_the_city_and_signing_out_ends_the_session()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(platform.GatewayUrl.ToString());

        await page.GetByTestId("signin").ClickAsync();
        await SignInAtIdentityAsync(page, "140300.budget-officer");

        await Assertions.Expect(page.GetByTestId("user-region")).ToHaveTextAsync("阳泉市", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("user-org")).ToContainTextAsync("阳泉市财政局");

        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("signout").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signin")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        // The SSO session ended too: signing in again asks for the password.
        await page.GetByTestId("signin").ClickAsync();
        await Assertions.Expect(page.Locator("#password")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    private Task SignInAtIdentityAsync(IPage page, string userName) => _browser.SignInAtIdentityAsync(page, userName);

    private Task<IPage> NewPageAsync() => _browser.NewPageAsync();

    public ValueTask DisposeAsync() => _browser?.DisposeAsync() ?? ValueTask.CompletedTask;
}
