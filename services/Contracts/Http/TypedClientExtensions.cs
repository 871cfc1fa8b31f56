using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.Contracts.Http;

public static class TypedClientExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> (an <see cref="ApiClientBase"/>) with base address
    /// <c>http://&lt;serviceName&gt;</c>, which service discovery resolves to the service's replicas.
    /// </summary>
    public static IHttpClientBuilder AddTypedClient<TClient>(this IServiceCollection services, string serviceName)
        where TClient : class =>
        services.AddHttpClient<TClient>(client => client.BaseAddress = new Uri($"http://{serviceName}"));

    /// <summary>Calls carry the current user's bearer token (acting for the user).</summary>
    public static IHttpClientBuilder AddUserTokenForwarding(this IHttpClientBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddTransient<UserTokenForwardingHandler>();
        return builder.AddHttpMessageHandler<UserTokenForwardingHandler>();
    }

    /// <summary>
    /// Calls carry the calling service's own client-credentials token for <paramref name="scope"/> (usually the target
    /// service's name), from <c>Identity:Url</c>, <c>Identity:ClientId</c> and <c>Identity:ClientSecret</c>.
    /// </summary>
    public static IHttpClientBuilder AddClientCredentialsToken(this IHttpClientBuilder builder, string scope)
    {
        var services = builder.Services;
        services.AddOptions<ClientCredentialsOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(ClientCredentialsOptions.Section).Bind(options));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClientCredentialsTokenCache>();
        services.AddHttpClient(ClientCredentialsTokenCache.HttpClientName);
        return builder.AddHttpMessageHandler(sp => new ClientCredentialsTokenHandler(sp.GetRequiredService<ClientCredentialsTokenCache>(), scope));
    }
}
