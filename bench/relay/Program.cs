using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

// The floor bench/gateway.sh measures the gateway against: a request copied to the upstream and its answer
// copied back, with nothing else (no routing, authorization, limits, forwarded headers, timeouts, health or
// error mapping), on the gateway's process settings (inline scheduling and completions, workstation GC).
// UPSTREAM names the upstream's base address.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = true);
var app = builder.Build();

var upstream = Environment.GetEnvironmentVariable("UPSTREAM") ?? throw new InvalidOperationException("UPSTREAM is not set");
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    UseCookies = false,
    AutomaticDecompression = DecompressionMethods.None,
});

app.Run(async context =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, upstream + context.Request.Path + context.Request.QueryString);
    foreach (var (name, values) in context.Request.Headers)
    {
        if (!string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    using var response = await invoker.SendAsync(request, context.RequestAborted);
    context.Response.StatusCode = (int)response.StatusCode;
    foreach (var (name, values) in response.Headers.NonValidated)
    {
        context.Response.Headers[name] = values.ToString();
    }

    foreach (var (name, values) in response.Content.Headers.NonValidated)
    {
        context.Response.Headers[name] = values.ToString();
    }

    await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
});

app.Run();
