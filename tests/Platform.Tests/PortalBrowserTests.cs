using Microsoft.Playwright;

namespace Platform.Tests;

/// <summary>The portal, served by the gateway of a running platform, in Debian's headless Chromium.</summary>
public sealed class PortalBrowserTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Playwright's own browser download cannot work here: the system's Chromium is the browser under test.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [Fact]
    public async Task Home_page_shows_every_service_up_through_the_gateway()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(platform.App.GetEndpoint(Platform.ServiceDefaults.ResourceNames.Gateway).ToString());

        await Assertions.Expect(page.GetByText("预算绩效管理平台").First).ToBeVisibleAsync();
        // Six real OpenAPI documents fetched through the gateway: all six rows turn 正常.
        await Assertions.Expect(page.Locator(".el-tag", new() { HasTextString = "正常" })).ToHaveCountAsync(6, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".el-tag", new() { HasTextString = "不可用" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_deep_link_into_an_area_loads_the_shell_and_its_page()
    {
        var page = await NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        var response = await page.GotoAsync(new Uri(platform.App.GetEndpoint(Platform.ServiceDefaults.ResourceNames.Gateway), "/projects/declaration").ToString());

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByText("项目申报").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".el-empty")).ToBeVisibleAsync();
        // The gateway's CSP forbids inline scripts; a violation would show up as a console error.
        Assert.Empty(errors);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
