using System.Collections.Concurrent;
using System.Net;

namespace Platform.ServiceDefaults.Tests.Resilience;

/// <summary>The innermost handler: answers from a script of outcomes and records what it was sent.</summary>
internal sealed class StubHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] script) : HttpMessageHandler
{
    private int _calls;

    public ConcurrentQueue<Uri?> Requests { get; } = new();

    public int Calls => _calls;

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Status(HttpStatusCode status, Action<HttpResponseMessage>? configure = null) =>
        (_, _) =>
        {
            var response = new HttpResponseMessage(status);
            configure?.Invoke(response);
            return Task.FromResult(response);
        };

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Throw(Exception exception) =>
        (_, _) => Task.FromException<HttpResponseMessage>(exception);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.RequestUri);
        var call = Interlocked.Increment(ref _calls) - 1;
        var step = script[Math.Min(call, script.Length - 1)];
        return step(request, cancellationToken);
    }
}
