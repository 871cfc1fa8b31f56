using System.Text.RegularExpressions;
using Platform.Identity.Oidc.Protocol;
using Platform.ServiceDefaults.Hosting;

namespace Platform.Identity.Oidc.Clients;

/// <summary>
/// The clients of <c>Identity:Clients:&lt;clientId&gt;</c>, checked at start: a configuration the provider could not
/// honour safely refuses the start with a message naming the client and the setting.
/// </summary>
public sealed partial class ClientRegistry
{
    public const string SectionKey = "Identity:Clients";

    private readonly Dictionary<string, OidcClient> _clients;
    private readonly HashSet<string> _corsOrigins;

    public ClientRegistry(IEnumerable<OidcClient> clients, string issuer)
    {
        _clients = clients.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _corsOrigins = new HashSet<string>(_clients.Values.SelectMany(c => c.AllowedCorsOrigins), StringComparer.OrdinalIgnoreCase)
        {
            new Uri(issuer).GetLeftPart(UriPartial.Authority),
        };
    }

    public IReadOnlyCollection<OidcClient> All => _clients.Values;

    public OidcClient? Find(string? clientId) =>
        clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    /// <summary>The issuer's own origin and every origin a client registered.</summary>
    public bool IsCorsOriginAllowed(string origin) => _corsOrigins.Contains(origin);

    /// <exception cref="StartupRefusedException">A client is misconfigured.</exception>
    public static ClientRegistry From(IConfiguration configuration, string issuer)
    {
        var clients = configuration.GetSection(SectionKey).GetChildren().Select(section => Read(section, issuer)).ToList();
        return new ClientRegistry(clients, issuer);
    }

    private static OidcClient Read(IConfigurationSection section, string issuer)
    {
        var id = section.Key;
        var key = $"{SectionKey}:{id}";
        if (!ClientIdPattern().IsMatch(id))
        {
            throw Refuse(key, "the client id may hold only letters, digits, '.', '_' and '-' (at most 64)");
        }
        var type = section["Type"] ?? "confidential";
        if (type is not ("confidential" or "public"))
        {
            throw Refuse($"{key}:Type", $"must be 'confidential' or 'public', not '{type}'");
        }
        var confidential = type == "confidential";
        var secret = section["Secret"];
        if (confidential && string.IsNullOrWhiteSpace(secret))
        {
            throw Refuse($"{key}:Secret", "a confidential client needs a secret (the AppHost generates one into the data folder)");
        }
        if (!confidential && !string.IsNullOrEmpty(secret))
        {
            throw Refuse($"{key}:Secret", "a public client cannot keep a secret; remove it or make the client confidential");
        }

        var grants = List(section, "AllowedGrantTypes");
        foreach (var grant in grants.Where(g => !GrantTypes.All.Contains(g)))
        {
            throw Refuse($"{key}:AllowedGrantTypes", $"'{grant}' is not supported (only {string.Join(", ", GrantTypes.All)})");
        }
        if (grants.Count == 0)
        {
            throw Refuse($"{key}:AllowedGrantTypes", "list at least one grant type");
        }
        if (!confidential && grants.Contains(GrantTypes.ClientCredentials))
        {
            throw Refuse($"{key}:AllowedGrantTypes", "a public client cannot use client_credentials");
        }
        if (grants.Contains(GrantTypes.RefreshToken) && !grants.Contains(GrantTypes.AuthorizationCode))
        {
            throw Refuse($"{key}:AllowedGrantTypes", "refresh_token is only issued with authorization_code");
        }

        var scopes = List(section, "AllowedScopes");
        foreach (var scope in scopes.Where(s => !OidcScopes.IsKnown(s)))
        {
            throw Refuse($"{key}:AllowedScopes", $"'{scope}' is not a known scope ({string.Join(", ", OidcScopes.All)})");
        }

        var redirects = List(section, "RedirectUris").Select(uri => ResolveUri(uri, issuer, $"{key}:RedirectUris")).ToHashSet(StringComparer.Ordinal);
        if (grants.Contains(GrantTypes.AuthorizationCode) && redirects.Count == 0)
        {
            throw Refuse($"{key}:RedirectUris", "authorization_code needs at least one redirect URI");
        }
        var postLogout = List(section, "PostLogoutRedirectUris")
            .Select(uri => ResolveUri(uri, issuer, $"{key}:PostLogoutRedirectUris")).ToHashSet(StringComparer.Ordinal);
        var origins = List(section, "AllowedCorsOrigins")
            .Select(origin => ParseOrigin(origin, $"{key}:AllowedCorsOrigins")).ToHashSet(StringComparer.OrdinalIgnoreCase);

        return new OidcClient(
            id,
            section["DisplayName"] ?? id,
            confidential,
            confidential ? secret : null,
            grants.ToHashSet(StringComparer.Ordinal),
            scopes.ToHashSet(StringComparer.Ordinal),
            redirects,
            postLogout,
            origins);
    }

    /// <summary>A URI starting with <c>/</c> is relative to the issuer; the result must be absolute http(s) without a fragment.</summary>
    public static string ResolveUri(string value, string issuer, string key)
    {
        var resolved = value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) ? issuer + value : value;
        if (!Uri.TryCreate(resolved, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Fragment.Length > 0)
        {
            throw Refuse(key, $"'{value}' is not an absolute http(s) URI without a fragment (relative ones start with '/')");
        }
        return resolved;
    }

    private static string ParseOrigin(string value, string key)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.GetLeftPart(UriPartial.Authority) != value.TrimEnd('/'))
        {
            throw Refuse(key, $"'{value}' is not an origin such as https://portal.example.gov.cn (scheme, host and port only)");
        }
        return uri.GetLeftPart(UriPartial.Authority);
    }

    private static List<string> List(IConfigurationSection section, string name) =>
        [.. section.GetSection(name).GetChildren()
            .Select(child => child.Value?.Trim())
            .Where(value => !string.IsNullOrEmpty(value))
            .Select(value => value!)
            .Distinct(StringComparer.Ordinal)];

    private static StartupRefusedException Refuse(string key, string problem) => new($"Setting '{key}': {problem}.");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClientIdPattern();
}
