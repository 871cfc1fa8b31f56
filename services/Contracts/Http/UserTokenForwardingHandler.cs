using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Platform.Contracts.Http;

/// <summary>
/// Sends the current user's bearer token along when a service calls another on the user's behalf, so the callee
/// applies the user's own scope and role. A request that already carries an Authorization header is left alone.
/// </summary>
public sealed class UserTokenForwardingHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null
            && accessor.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } header
            && AuthenticationHeaderValue.TryParse(header, out var value)
            && string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(value.Parameter))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value.Parameter);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
