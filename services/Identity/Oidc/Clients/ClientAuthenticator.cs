using System.Net.Http.Headers;
using System.Text;
using Platform.Identity.Oidc.Protocol;

namespace Platform.Identity.Oidc.Clients;

/// <summary>The client a token, revocation or introspection request comes from, or the error to answer.</summary>
public sealed record ClientAuthentication(OidcClient? Client, IResult? Error);

/// <summary>
/// Client authentication at the token, revocation and introspection endpoints: <c>client_secret_basic</c> (RFC 6749
/// §2.3.1, id and secret form-encoded inside the Basic credentials), <c>client_secret_post</c>, or a public client's
/// bare <c>client_id</c>. One method per request.
/// </summary>
public static class ClientAuthenticator
{
    public static ClientAuthentication Authenticate(HttpContext context, ProtocolParameters form, ClientRegistry clients)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var usesBasic = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        string? clientId;
        string? secret;
        if (usesBasic)
        {
            if (!TryParseBasic(header, out clientId, out secret))
            {
                return Fail(context, "Malformed Basic credentials.", basic: true);
            }
            if (form.Has("client_secret") || (form.Has("client_id") && form["client_id"] != clientId))
            {
                return new(null, ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "Use one client authentication method per request."));
            }
        }
        else
        {
            if (form.Duplicated is "client_id" or "client_secret")
            {
                return new(null, ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "Parameters must not be repeated."));
            }
            clientId = form["client_id"];
            secret = form["client_secret"];
        }

        var client = clients.Find(clientId);
        if (client is null)
        {
            return Fail(context, "Unknown client or wrong credentials.", usesBasic);
        }
        if (client.IsConfidential ? secret is null || !client.SecretMatches(secret) : secret is not null)
        {
            return Fail(context, "Unknown client or wrong credentials.", usesBasic);
        }
        return new(client, null);
    }

    private static ClientAuthentication Fail(HttpContext context, string description, bool basic) =>
        new(null, ProtocolResults.Error(context, OAuthErrors.InvalidClient, description, StatusCodes.Status401Unauthorized, basicChallenge: basic));

    private static bool TryParseBasic(string header, out string? clientId, out string? secret)
    {
        clientId = secret = null;
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var separator = decoded.IndexOf(':');
        if (separator <= 0)
        {
            return false;
        }
        clientId = FormDecode(decoded[..separator]);
        secret = FormDecode(decoded[(separator + 1)..]);
        return clientId.Length > 0;
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
