using System.Net;
using System.Net.Http.Headers;

namespace Platform.Contracts.Http;

/// <summary>
/// Authenticates a service's own calls (background work, outbox delivery) with a cached client-credentials token for
/// <paramref name="scope"/>. A 401 answer drops the token so the next call gets a fresh one.
/// </summary>
public sealed class ClientCredentialsTokenHandler(ClientCredentialsTokenCache cache, string scope) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var token = await cache.GetTokenAsync(scope, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                cache.Invalidate(scope, token);
            }
            return response;
        }
        finally
        {
            // A retry of this request by an outer handler must ask for the (possibly renewed) token again.
            request.Headers.Authorization = null;
        }
    }
}
