using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Tests.Telemetry;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Requests_are_traced_but_health_probes_are_not()
    {
        var exported = new ConcurrentQueue<Activity>();
        var path = $"/traced-{Guid.NewGuid():N}";
        var app = await TestApp.StartAsync(
            configureBuilder: builder => builder.Services.ConfigureTracing(tracing =>
                tracing.AddProcessor(new SimpleActivityExportProcessor(new CollectingExporter(exported)))),
            configureApp: a => a.MapGet(path, () => "ok").AllowAnonymous());
        var port = app.Address.Port;

        await app.Client.GetStringAsync(path, TestContext.Current.CancellationToken);
        await app.Client.GetStringAsync("/health", TestContext.Current.CancellationToken);
        await app.Client.GetStringAsync("/alive", TestContext.Current.CancellationToken);
        await app.DisposeAsync();

        var mine = exported.Where(a => a.Source.Name == "Microsoft.AspNetCore" && Equals(a.GetTagItem("server.port"), port)).ToList();
        Assert.Contains(mine, a => (string?)a.GetTagItem("url.path") == path);
        Assert.DoesNotContain(mine, a => (string?)a.GetTagItem("url.path") is "/health" or "/alive");
    }

    [Fact]
    public async Task Telemetry_is_exported_over_otlp_when_the_endpoint_is_set()
    {
        var received = new ConcurrentQueue<string>();
        var collector = await StartCollector(received);
        var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                [TelemetryExtensions.OtlpEndpointKey] = collector.Urls.First(),
                [TelemetryExtensions.OtlpProtocolKey] = "http/protobuf",
            },
            configureApp: a => a.MapGet("/traced", () => "ok").AllowAnonymous());

        await app.Client.GetStringAsync("/traced", TestContext.Current.CancellationToken);
        // Disposing the host flushes the batch exporters.
        await app.DisposeAsync();
        await collector.DisposeAsync();

        Assert.Contains("/v1/traces", received);
        Assert.Contains("/v1/metrics", received);
    }

    private static async Task<WebApplication> StartCollector(ConcurrentQueue<string> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = builder.Build();
        collector.MapPost("/v1/{signal}", (HttpContext context) =>
        {
            received.Enqueue(context.Request.Path);
            return Results.Ok();
        });
        await collector.StartAsync(TestContext.Current.CancellationToken);
        return collector;
    }

    private sealed class CollectingExporter(ConcurrentQueue<Activity> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                exported.Enqueue(activity);
            }
            return ExportResult.Success;
        }
    }
}
