using Microsoft.Playwright;

namespace Platform.Tests;

/// <summary>
/// Debian's headless Chromium under Playwright, pointed at the platform's gateway; each page gets a context of its own
/// (own cookies, so its own signed-in user).
/// </summary>
internal sealed class PortalBrowser : IAsyncDisposable
{
    private readonly IdentityPlatformFixture _platform;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PortalBrowser(IdentityPlatformFixture platform, IPlaywright playwright, IBrowser browser)
    {
        _platform = platform;
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<PortalBrowser> LaunchAsync(IdentityPlatformFixture platform)
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                // Playwright's own browser download cannot work here: the system's Chromium is the browser under test.
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new PortalBrowser(platform, playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in a fresh context: nobody is signed in yet.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    public Uri Url(string path) => new(_platform.GatewayUrl, path);

    /// <summary>Fills identity's sign-in page (the portal has just sent the browser there) as a demo user.</summary>
    public async Task SignInAtIdentityAsync(IPage page, string userName)
    {
        await Assertions.Expect(page.Locator("#userName")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText("登录").First).ToBeVisibleAsync();
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(_platform.DemoPassword);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
