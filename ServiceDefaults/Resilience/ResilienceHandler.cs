using Platform.Contracts.Http;
using Polly;

namespace Platform.ServiceDefaults.Resilience;

/// <summary>Runs each send through the client's standard pipeline (the role of Microsoft's ResilienceHandler).</summary>
public sealed class ResilienceHandler(StandardPipeline standard) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await standard.Limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new HttpRequestException(
                $"Too many concurrent requests to {request.RequestUri?.Host}; the client's bulkhead rejected this one.");
        }
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StandardResiliencePipelines.RequestKey, request);
        try
        {
            var outcome = await standard.Pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendOnce(state.Request, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnce(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
