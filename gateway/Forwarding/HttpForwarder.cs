using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Platform.Gateway.Edge;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// Forwards one request to a cluster destination and streams the answer back, in the manner of YARP's
/// <c>HttpForwarder</c>: <see cref="HttpMessageInvoker"/> (never HttpClient, which would buffer), bodies
/// copied chunk by chunk both ways, hop-by-hop headers dropped, X-Forwarded-* set, one retry on another
/// replica for an idempotent request whose connection failed, and errors mapped to 502/503/504.
/// </summary>
public sealed class HttpForwarder : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly ILogger<HttpForwarder> _logger;

    public HttpForwarder(ForwarderSettings settings, ILogger<HttpForwarder> logger)
    {
        _invoker = new HttpMessageInvoker(CreateHandler(settings.ConnectTimeout), disposeHandler: true);
        _logger = logger;
    }

    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        // A proxy must pass every response through as is: no system proxy, no following redirects, no
        // decompression (the client negotiated the encoding), no cookie jar shared between users.
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = connectTimeout,
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    };

    public async Task ForwardAsync(HttpContext context, ProxyRoute route)
    {
        var cluster = route.Cluster;
        if (!ApplyBodyLimit(context, route.MaxRequestBodySize))
        {
            await GatewayProblems.PayloadTooLarge(context, route.MaxRequestBodySize);
            return;
        }

        var destination = cluster.PickDestination();
        if (destination is null)
        {
            GatewayLog.NoHealthyDestination(_logger, route.RouteId, cluster.ClusterId);
            await GatewayProblems.NoHealthyUpstream(context);
            return;
        }

        using var activity = new ActivityTimeout(context.RequestAborted, cluster.Settings.ActivityTimeout);
        var mayRetry = IsIdempotent(context.Request.Method);
        while (true)
        {
            var retryable = await ForwardToAsync(context, route, destination, activity);
            if (!retryable)
            {
                return;
            }

            var next = mayRetry ? cluster.PickDestination(exclude: destination) : null;
            if (next is null)
            {
                await GatewayProblems.BadGateway(context);
                return;
            }

            GatewayLog.Retrying(_logger, route.RouteId, destination.Id, next.Id);
            destination = next;
            mayRetry = false;
        }
    }

    /// <returns>True when the request failed before any response byte in a way that sending it again
    /// elsewhere is safe (see <see cref="HandleSendFailureAsync"/>); every other outcome has been answered
    /// (or the client is gone).</returns>
    private async Task<bool> ForwardToAsync(HttpContext context, ProxyRoute route, DestinationState destination, ActivityTimeout activity)
    {
        using var request = CreateRequest(context, route, destination, activity, out var content);
        destination.RequestStarted();
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await _invoker.SendAsync(request, activity.Token);
            }
            catch (Exception ex)
            {
                return await HandleSendFailureAsync(context, route, destination, activity, content, ex);
            }

            using (response)
            {
                await CopyResponseAsync(context, route, destination, activity, response);
            }

            return false;
        }
        finally
        {
            destination.RequestEnded();
        }
    }

    private static HttpRequestMessage CreateRequest(
        HttpContext context, ProxyRoute route, DestinationState destination, ActivityTimeout activity, out StreamCopyHttpContent? content)
    {
        var incoming = context.Request;
        var path = route.Transforms.TransformPath(incoming.Path, out var removedPrefix);
        var target = new Uri(destination.Address + path.ToUriComponent() + incoming.QueryString.ToUriComponent(), UriKind.Absolute);
        // The cluster's version, by default as YARP: HTTP/2 where the destination offers it over TLS, HTTP/1.1
        // over plain http; h2c where the cluster asks for version 2 exactly.
        var request = route.Cluster.Settings.CreateRequest(ToMethod(incoming.Method), target);

        content = null;
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (incoming.ContentLength > 0 || incoming.Headers.ContainsKey("Transfer-Encoding"));
        if (canHaveBody)
        {
            content = new StreamCopyHttpContent(incoming.Body, activity);
            request.Content = content;
        }

        // Without a current Activity the outgoing propagator writes nothing, so the client's own trace
        // headers are the only context there is and are passed through.
        var propagatorEmitsTrace = Activity.Current is not null;
        foreach (var (name, value) in incoming.Headers)
        {
            if (HeaderRules.IsTe(name))
            {
                if (value.Any(v => v?.Contains("trailers", StringComparison.OrdinalIgnoreCase) == true))
                {
                    request.Headers.TryAddWithoutValidation("TE", "trailers");
                }

                continue;
            }

            if (!HeaderRules.SkipRequestHeader(name, propagatorEmitsTrace))
            {
                AddHeader(request, name, value);
            }
        }

        var headers = request.Headers;
        if (context.Connection.RemoteIpAddress is { } ip)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        if (incoming.Host.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.Value);
        }

        // The prefix the upstream must put back in front of its own links: the gateway's path base plus
        // whatever PathRemovePrefix took away.
        var prefix = incoming.PathBase.Add(removedPrefix);
        if (prefix.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Prefix", prefix.ToUriComponent());
        }

        if (route.Transforms.HasHeaderTransforms)
        {
            route.Transforms.ApplyHeaders(request);
        }

        return request;
    }

    private static void AddHeader(HttpRequestMessage request, string name, StringValues value)
    {
        if (value.Count == 1)
        {
            var single = value.ToString();
            if (!request.Headers.TryAddWithoutValidation(name, single))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, single);
            }

            return;
        }

        IEnumerable<string> values = value.ToArray()!;
        if (!request.Headers.TryAddWithoutValidation(name, values))
        {
            request.Content?.Headers.TryAddWithoutValidation(name, values);
        }
    }

    private async Task<bool> HandleSendFailureAsync(
        HttpContext context, ProxyRoute route, DestinationState destination, ActivityTimeout activity,
        StreamCopyHttpContent? content, Exception error)
    {
        if (activity.ClientAborted)
        {
            // The client is gone: there is no one to answer, and the upstream call is already cancelled.
            return false;
        }

        if (content?.ClientError is { } clientError)
        {
            if (clientError is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                await GatewayProblems.PayloadTooLarge(context, route.MaxRequestBodySize);
            }
            else
            {
                await GatewayProblems.BadRequestBody(context);
            }

            return false;
        }

        if (activity.TimedOut)
        {
            GatewayLog.UpstreamTimedOut(_logger, route.RouteId, destination.Id, destination.Address);
            await GatewayProblems.GatewayTimeout(context);
            return false;
        }

        // Safe to send again elsewhere: nothing reached the upstream (connect failure), or an idempotent
        // request without a body lost its connection before any response byte (a replica killed mid-request,
        // a stale pooled connection). The caller still retries only idempotent methods.
        var retryable = content?.Started != true
            && (IsConnectFailure(error) || (content is null && IsIdempotent(context.Request.Method) && error is HttpRequestException));
        if (retryable)
        {
            GatewayLog.ConnectFailed(_logger, route.RouteId, destination.Id, destination.Address, error);
            destination.MarkSuspect(route.Cluster.SuspectPeriod);
            return true;
        }

        GatewayLog.UpstreamFailed(_logger, route.RouteId, destination.Id, destination.Address, error);
        await GatewayProblems.BadGateway(context);
        return false;
    }

    private static bool IsConnectFailure(Exception error) => error switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        // SocketsHttpHandler reports its ConnectTimeout as a cancellation carrying a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private async Task CopyResponseAsync(
        HttpContext context, ProxyRoute route, DestinationState destination, ActivityTimeout activity, HttpResponseMessage upstream)
    {
        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        CopyResponseHeaders(upstream.Headers, response.Headers);
        CopyResponseHeaders(upstream.Content.Headers, response.Headers);

        Stream body;
        try
        {
            body = await upstream.Content.ReadAsStreamAsync(activity.Token);
        }
        catch (Exception ex)
        {
            await FailAfterHeadersAsync(context, route, destination, activity, ex);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(StreamCopyHttpContent.BufferSize);
        try
        {
            var first = true;
            while (true)
            {
                int read;
                try
                {
                    var pending = body.ReadAsync(buffer, activity.Token);
                    if (first && !pending.IsCompleted && !response.HasStarted)
                    {
                        // The upstream sent headers and is still producing the body (SSE, long polls):
                        // the client gets the headers now rather than with the first event.
                        await SendHeadersAsync(context, activity);
                    }

                    read = await pending;
                }
                catch (Exception ex)
                {
                    await FailAfterHeadersAsync(context, route, destination, activity, ex);
                    return;
                }

                first = false;
                if (read == 0)
                {
                    break;
                }

                activity.Reset();
                FlushResult flushed;
                try
                {
                    // PipeWriter.WriteAsync writes and flushes: each chunk reaches the client as it arrives.
                    flushed = await response.BodyWriter.WriteAsync(buffer.AsMemory(0, read), activity.Token);
                }
                catch (Exception)
                {
                    // The client went away or stopped reading for the whole activity timeout: either
                    // way the exchange is over, and the upstream call must stop too.
                    activity.Cancel();
                    context.Abort();
                    return;
                }

                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    activity.Cancel();
                    return;
                }

                activity.Reset();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Asked in this order: TrailingHeaders creates an empty collection on first use, and an HTTP/1.1
        // client (most of them) cannot receive trailers anyway.
        if (response.SupportsTrailers() && upstream.TrailingHeaders.Any())
        {
            foreach (var (name, values) in upstream.TrailingHeaders.NonValidated)
            {
                if (!HeaderRules.SkipResponseHeader(name))
                {
                    response.AppendTrailer(name, ToStringValues(values));
                }
            }
        }
    }

    /// <summary>Puts the response headers on the wire (StartAsync alone would not; the flush does). If the
    /// client is gone, the exchange is cancelled, so the pending upstream read ends with it.</summary>
    private static async Task SendHeadersAsync(HttpContext context, ActivityTimeout activity)
    {
        try
        {
            await context.Response.BodyWriter.FlushAsync(activity.Token);
        }
        catch (Exception)
        {
            activity.Cancel();
            context.Abort();
        }
    }

    private async Task FailAfterHeadersAsync(
        HttpContext context, ProxyRoute route, DestinationState destination, ActivityTimeout activity, Exception error)
    {
        if (activity.ClientAborted)
        {
            return;
        }

        GatewayLog.ResponseFailed(_logger, route.RouteId, destination.Id, destination.Address, error);
        if (!context.Response.HasStarted)
        {
            await (activity.TimedOut ? GatewayProblems.GatewayTimeout(context) : GatewayProblems.BadGateway(context));
            return;
        }

        // Part of the body is already with the client; a reset tells it the response is incomplete,
        // where ending normally would pass a truncated body off as whole.
        context.Abort();
    }

    private static void CopyResponseHeaders(HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var (name, values) in from.NonValidated)
        {
            if (!HeaderRules.SkipResponseHeader(name))
            {
                to[name] = ToStringValues(values);
            }
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values) =>
        values.Count == 1 ? new StringValues(values.ToString()) : new StringValues(values.ToArray());

    /// <summary>Sets the route's body limit on Kestrel (which enforces it while streaming) and rejects at
    /// once a request whose declared length is already over it.</summary>
    private static bool ApplyBodyLimit(HttpContext context, long? limit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        return limit is null || !(context.Request.ContentLength > limit);
    }

    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);

    private static HttpMethod ToMethod(string method) => method switch
    {
        _ when HttpMethods.IsGet(method) => HttpMethod.Get,
        _ when HttpMethods.IsPost(method) => HttpMethod.Post,
        _ when HttpMethods.IsPut(method) => HttpMethod.Put,
        _ when HttpMethods.IsDelete(method) => HttpMethod.Delete,
        _ when HttpMethods.IsPatch(method) => HttpMethod.Patch,
        _ when HttpMethods.IsHead(method) => HttpMethod.Head,
        _ when HttpMethods.IsOptions(method) => HttpMethod.Options,
        _ => new HttpMethod(method),
    };

    public void Dispose() => _invoker.Dispose();
}

/// <param name="ConnectTimeout">YARP's default, 15 s.</param>
public sealed record ForwarderSettings(TimeSpan ConnectTimeout);
