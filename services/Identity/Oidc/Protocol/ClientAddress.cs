using System.Net;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>
/// The address a request came from, for rate limits. Behind the gateway (a loopback connection) it is the first
/// <c>X-Forwarded-For</c> entry, which the gateway sets; from anywhere else the header is ignored, since anyone can
/// send it.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        // An in-process test server has no connection address; treat it like the gateway's loopback connection.
        if (remote is null || IPAddress.IsLoopback(remote))
        {
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
            var first = forwarded.Split(',', 2)[0].Trim();
            if (IPAddress.TryParse(first, out var client))
            {
                return client.ToString();
            }
        }
        return remote?.ToString() ?? "local";
    }
}
