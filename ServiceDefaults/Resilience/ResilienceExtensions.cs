using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;

namespace Platform.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    /// <summary>
    /// Adds the standard resilience handler to one client, or to every client when called inside
    /// <c>ConfigureHttpClientDefaults</c>; each named client still gets its own pipeline (and circuit breaker).
    /// </summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<StandardResiliencePipelines>();
        // The handler builder knows the client's name even when this builder (the defaults one) has none.
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(new ResilienceHandler(
                handlers.Services.GetRequiredService<StandardResiliencePipelines>().Get(handlers.Name ?? "")))));
        return builder;
    }

    /// <summary>Changes the standard numbers for one client, e.g. <c>o.Retry.RetryUnsafeMethods = true</c>.</summary>
    public static IHttpClientBuilder ConfigureStandardResilience(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions> configure)
    {
        builder.Services.Configure(builder.Name, configure);
        return builder;
    }
}
