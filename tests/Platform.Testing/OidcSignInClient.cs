using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Testing;

/// <summary>The token endpoint's answer to a sign-in.</summary>
public sealed record SignInTokens(string AccessToken, string? IdToken, string? RefreshToken, int ExpiresIn);

/// <summary>
/// Signs a user in the way a browser would, at the HTTP level: authorization code + PKCE against the platform's
/// OIDC provider, filling in the provider's own HTML forms (password, forced password change, TOTP enrolment and
/// code) with their anti-forgery tokens, then redeeming the code. One instance is one browser: it keeps the cookies,
/// so a second sign-in reuses the SSO session.
/// </summary>
public sealed partial class OidcSignInClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _issuer;

    public OidcSignInClient(Uri issuer, string clientId = "portal", string redirectPath = "/auth/callback")
    {
        _issuer = issuer;
        ClientId = clientId;
        RedirectUri = new Uri(issuer, redirectPath).AbsoluteUri;
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = issuer,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string ClientId { get; }

    public string RedirectUri { get; }

    /// <summary>The TOTP key the provider showed at enrolment, kept so the next sign-in can answer with a code.</summary>
    public string? TotpKey { get; set; }

    /// <summary>The pages the last sign-in went through (their paths), for assertions on the flow.</summary>
    public List<string> Visited { get; } = [];

    /// <param name="newPassword">Used when the provider forces a password change.</param>
    public async Task<SignInTokens> SignInAsync(
        string userName, string password, string scope = "openid profile offline_access identity projects targets monitoring evaluation vendors",
        string? newPassword = null, CancellationToken ct = default)
    {
        Visited.Clear();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = "/connect/authorize?" + Query(new()
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

        var response = await _http.GetAsync(authorize, ct);
        for (var step = 0; step < 20; step++)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found or HttpStatusCode.RedirectKeepVerb)
            {
                var location = new Uri(_issuer, response.Headers.Location!);
                response.Dispose();
                if (location.AbsoluteUri.StartsWith(RedirectUri, StringComparison.Ordinal))
                {
                    var parameters = ParseQuery(location.Query);
                    if (parameters.TryGetValue("error", out var error))
                    {
                        throw new InvalidOperationException($"authorize answered {error}: {parameters.GetValueOrDefault("error_description")}");
                    }
                    if (parameters.GetValueOrDefault("state") != state)
                    {
                        throw new InvalidOperationException("state not echoed");
                    }
                    return await RedeemAsync(parameters["code"], verifier, ct);
                }
                Visited.Add(location.AbsolutePath);
                response = await _http.GetAsync(location, ct);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {Trim(html)}");
            }
            response.Dispose();
            var form = HtmlForm.Parse(html) ?? throw new InvalidOperationException($"no form on the page: {Trim(html)}");
            if (form.Has("userName"))
            {
                if (Visited.Count(p => p.EndsWith("/login", StringComparison.Ordinal)) > 1 && html.Contains("错误", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("sign-in refused: " + Trim(html));
                }
                form.Set("userName", userName).Set("password", password);
            }
            else if (form.Has("newPassword"))
            {
                if (newPassword is null)
                {
                    throw new InvalidOperationException("the provider forces a password change; pass newPassword");
                }
                form.Set("currentPassword", password).Set("newPassword", newPassword).Set("confirmPassword", newPassword);
                password = newPassword;
            }
            else if (form.Has("code"))
            {
                if (OtpAuthKey().Match(html) is { Success: true } enrolment)
                {
                    TotpKey = enrolment.Groups[1].Value;
                }
                if (TotpKey is null)
                {
                    throw new InvalidOperationException("the provider asks for a TOTP code but no key is known");
                }
                form.Set("code", Totp.Code(TotpKey, DateTimeOffset.UtcNow));
            }
            else
            {
                throw new InvalidOperationException("unexpected form: " + Trim(html));
            }
            var action = new Uri(response.RequestMessage!.RequestUri!, form.Action);
            Visited.Add(action.AbsolutePath);
            response = await _http.PostAsync(action, new FormUrlEncodedContent(form.Fields), ct);
        }
        throw new InvalidOperationException("sign-in did not finish in 20 steps");
    }

    private async Task<SignInTokens> RedeemAsync(string code, string verifier, CancellationToken ct)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = ClientId,
            ["code_verifier"] = verifier,
        }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token endpoint answered {(int)response.StatusCode}: {body}");
        }
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new SignInTokens(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("id_token", out var id) ? id.GetString() : null,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 0);
    }

    /// <summary>A client-credentials token for a confidential client (client_secret_basic).</summary>
    public async Task<string> ClientCredentialsAsync(string clientId, string secret, string scope, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token endpoint answered {(int)response.StatusCode}: {body}");
        }
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public void Dispose() => _http.Dispose();

    private static string Trim(string html) => html.Length > 600 ? html[..600] : html;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Query(Dictionary<string, string> values) =>
        string.Join('&', values.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    [GeneratedRegex(@"otpauth://totp/[^""<\s]*?[?&](?:amp;)?secret=([A-Z2-7]+)", RegexOptions.IgnoreCase)]
    private static partial Regex OtpAuthKey();
}

/// <summary>The first POST form of a page: its action and its fields (hidden ones with their values).</summary>
public sealed partial class HtmlForm
{
    private HtmlForm(string action, Dictionary<string, string> fields)
    {
        Action = action;
        Fields = fields;
    }

    public string Action { get; }

    public Dictionary<string, string> Fields { get; }

    public bool Has(string name) => Fields.ContainsKey(name);

    public HtmlForm Set(string name, string value)
    {
        Fields[name] = value;
        return this;
    }

    public static HtmlForm? Parse(string html)
    {
        var form = FormTag().Match(html);
        if (!form.Success)
        {
            return null;
        }
        var action = WebUtility.HtmlDecode(Attribute(form.Groups[1].Value, "action") ?? "");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(form.Groups[2].Value))
        {
            var name = Attribute(input.Value, "name");
            if (name is not null)
            {
                fields[WebUtility.HtmlDecode(name)] = WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? "");
            }
        }
        return new HtmlForm(action, fields);
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\s{name}=""([^""]*)""", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<form([^>]*method=""post""[^>]*)>(.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormTag();

    [GeneratedRegex(@"<input[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();
}

/// <summary>RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s, 6 digits), as authenticator apps compute them.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var counter = at.ToUnixTimeSeconds() / 30;
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = HMACSHA1.HashData(Base32Decode(base32Key), message);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.Trim().TrimEnd('=').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var output = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"not base32: {c}");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }
}
