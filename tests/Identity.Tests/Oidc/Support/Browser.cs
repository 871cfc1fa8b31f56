using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Identity.Tests.Oidc.Support;

/// <summary>
/// A browser against identity's in-process server: its own cookie jar (shared when it moves to another replica),
/// no automatic redirects (tests look at every Location), forms posted with the anti-forgery token of the page.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private readonly CookieContainer _cookies;
    private HttpClient _client;

    public Browser(HttpMessageHandler server, CookieContainer? cookies = null)
    {
        _cookies = cookies ?? new CookieContainer();
        _client = Create(server);
    }

    public static Uri BaseAddress { get; } = new("http://localhost");

    public CookieContainer Cookies => _cookies;

    /// <summary>Headers added to every request (e.g. X-Forwarded-For to pick a rate-limit partition).</summary>
    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>Carries on with the same cookies against another replica.</summary>
    public void SwitchTo(HttpMessageHandler server)
    {
        _client.Dispose();
        _client = Create(server);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>GETs <paramref name="pageUrl"/> and posts its form to <paramref name="action"/> with the page's anti-forgery token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string action, IDictionary<string, string> fields)
    {
        using var page = await GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return await PostFormAsync(action, WithToken(html, fields));
    }

    /// <summary>Adds the anti-forgery token and the hidden <c>returnUrl</c> found in <paramref name="html"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> WithToken(string html, IDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { [AntiforgeryFieldName] = AntiforgeryToken(html) };
        if (!all.ContainsKey("returnUrl") && HiddenReturnUrl().Match(html) is { Success: true } match)
        {
            all["returnUrl"] = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
        return all;
    }

    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryPattern().Match(html);
        Assert.True(match.Success, "the page has no anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The query of a redirect's Location (for a code or an error sent back to the client).</summary>
    public static Dictionary<string, string> LocationQuery(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException($"no Location header ({(int)response.StatusCode})");
        var absolute = location.IsAbsoluteUri ? location : new Uri(BaseAddress, location);
        return QueryHelpers.ParseQuery(absolute.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public void Dispose() => _client.Dispose();

    private HttpClient Create(HttpMessageHandler server) =>
        new(new CookieHandler(_cookies) { InnerHandler = server }) { BaseAddress = BaseAddress };

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenReturnUrl();

    private sealed class CookieHandler(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = new Uri(BaseAddress, request.RequestUri!);
            var header = cookies.GetCookieHeader(uri);
            if (header.Length > 0)
            {
                request.Headers.Remove("Cookie");
                request.Headers.Add("Cookie", header);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    cookies.SetCookies(uri, setCookie);
                }
            }
            return response;
        }
    }
}
