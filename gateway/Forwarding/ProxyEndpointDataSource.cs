using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Primitives;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// Publishes each proxy route as an ordinary ASP.NET Core endpoint (pattern, order, HTTP methods, hosts,
/// authorization metadata), so the framework's routing chooses the route and its policy is read from
/// the metadata as for any endpoint, and swaps the set when the configuration reloads. The gateway's
/// <c>ProxyLane</c> runs the chosen route (authorization, rate limit, forwarding) and ends the request,
/// so the endpoint's own delegate is never reached; it refuses rather than forward, so that a pipeline
/// composed without the lane fails loudly instead of forwarding without rate limits.
/// </summary>
internal sealed class ProxyEndpointDataSource : EndpointDataSource
{
    private readonly Lock _gate = new();
    private IReadOnlyList<Endpoint> _endpoints;
    private CancellationTokenSource _changed = new();

    private static readonly RequestDelegate NotThroughTheLane = _ =>
        throw new InvalidOperationException("A proxy route was reached outside ProxyLane; call UseProxyLane() after UsePortalFiles().");

    public ProxyEndpointDataSource(ProxyConfigManager manager)
    {
        _endpoints = Build(manager.Current);
        manager.Changed += OnChanged;
    }

    public override IReadOnlyList<Endpoint> Endpoints => Volatile.Read(ref _endpoints);

    public override IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    private void OnChanged(ProxySnapshot snapshot)
    {
        var endpoints = Build(snapshot);
        CancellationTokenSource previous;
        lock (_gate)
        {
            Volatile.Write(ref _endpoints, endpoints);
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
        previous.Dispose();
    }

    private List<Endpoint> Build(ProxySnapshot snapshot)
    {
        var endpoints = new List<Endpoint>(snapshot.Routes.Count);
        foreach (var route in snapshot.Routes)
        {
            var builder = new RouteEndpointBuilder(NotThroughTheLane, route.Pattern, route.Order)
            {
                DisplayName = $"proxy {route.RouteId}",
            };

            builder.Metadata.Add(route);
            if (route.Methods is not null)
            {
                builder.Metadata.Add(new HttpMethodMetadata(route.Methods));
            }

            if (route.Hosts is not null)
            {
                builder.Metadata.Add(new HostAttribute([.. route.Hosts]));
            }

            builder.Metadata.Add(route.AuthorizationPolicy switch
            {
                ProxyRoute.AnonymousPolicy => new AllowAnonymousAttribute(),
                ProxyRoute.DefaultPolicy => new AuthorizeAttribute(),
                var named => new AuthorizeAttribute(named),
            });

            endpoints.Add(builder.Build());
        }

        return endpoints;
    }
}
