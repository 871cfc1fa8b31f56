using Platform.Contracts.Identity;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Keys;
using Platform.Identity.Oidc.Protocol;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>OpenID Connect Discovery / RFC 8414 metadata and the JWKS: exactly what the provider supports.</summary>
public static class DiscoveryEndpoints
{
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";
    public const string AuthorizationServerPath = "/.well-known/oauth-authorization-server";
    public const string JwksPath = "/.well-known/jwks";

    private static readonly string[] AuthMethods = ["client_secret_basic", "client_secret_post"];

    private static readonly string[] Claims =
    [
        "iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "nonce", "at_hash", "amr", "sid",
        PlatformClaims.ClientId, PlatformClaims.Scope, PlatformClaims.Name, PlatformClaims.PreferredUsername, PlatformClaims.Role,
        PlatformClaims.Organisation, PlatformClaims.OrganisationName, PlatformClaims.OrganisationKind,
        PlatformClaims.ParentOrganisation, PlatformClaims.ParentOrganisationName,
        PlatformClaims.Region, PlatformClaims.RegionName, PlatformClaims.RegionLevel,
    ];

    public static IResult Configuration(HttpContext context, OidcOptions options)
    {
        var document = new Dictionary<string, object?>
        {
            ["issuer"] = options.Issuer,
            ["authorization_endpoint"] = options.Endpoint(AuthorizeEndpoint.Path),
            ["token_endpoint"] = options.Endpoint(TokenEndpoint.Path),
            ["userinfo_endpoint"] = options.Endpoint(UserInfoEndpoint.Path),
            ["jwks_uri"] = options.Endpoint(JwksPath),
            ["end_session_endpoint"] = options.Endpoint(EndSessionEndpoint.Path),
            ["revocation_endpoint"] = options.Endpoint(TokenManagementEndpoints.RevocationPath),
            ["introspection_endpoint"] = options.Endpoint(TokenManagementEndpoints.IntrospectionPath),
            ["scopes_supported"] = OidcScopes.All,
            ["claims_supported"] = Claims,
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = GrantTypes.All,
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = AuthMethods,
            ["revocation_endpoint_auth_methods_supported"] = AuthMethods,
            ["introspection_endpoint_auth_methods_supported"] = AuthMethods,
            ["code_challenge_methods_supported"] = new[] { Pkce.S256 },
            ["prompt_values_supported"] = new[] { "none", "login" },
            ["authorization_response_iss_parameter_supported"] = true,
            ["claims_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["frontchannel_logout_supported"] = false,
            ["backchannel_logout_supported"] = false,
            ["ui_locales_supported"] = new[] { "zh-CN" },
        };
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(document);
    }

    /// <summary>Every published key: the signing key, a successor still propagating, retired keys still retained.</summary>
    public static async Task<IResult> Jwks(HttpContext context, SigningKeyStore keys, TimeProvider time)
    {
        var set = await keys.GetKeysAsync(context.RequestAborted);
        // Short: a replica's key cache is the real propagation delay; a proxy must not add to it.
        context.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Json(new { keys = set.PublishedAt(time.GetUtcNow()).Select(k => k.PublicJwk).ToArray() });
    }
}
