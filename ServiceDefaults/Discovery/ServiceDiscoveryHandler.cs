namespace Platform.ServiceDefaults.Discovery;

/// <summary>
/// Rewrites a logical service address to a concrete endpoint for one attempt. The logical address is restored
/// afterwards so a retry by the outer resilience handler resolves again and can land on another replica.
/// </summary>
public sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logical = request.RequestUri;
        if (logical is null || resolver.Resolve(logical) is not { } resolved)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        request.RequestUri = resolved;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.RequestUri = logical;
        }
    }
}
