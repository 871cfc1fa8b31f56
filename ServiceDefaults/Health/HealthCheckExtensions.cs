using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ServiceDefaults.Health;

public static class HealthCheckExtensions
{
    /// <summary>Tag of checks that decide whether the process is alive (restart it if not).</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of checks that decide whether the instance can take traffic.</summary>
    public const string ReadyTag = "ready";

    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> runs every check (ready: dependencies reachable, Redis at worst degraded) and <c>/alive</c> only the
    /// liveness ones. Both are anonymous and mapped in every environment: the orchestrator and the gateway's active
    /// probes need them in production too, and their JSON says nothing beyond check names and states.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteResponse })
            .AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapHealthChecks(AlivePath, new HealthCheckOptions
            {
                Predicate = registration => registration.Tags.Contains(LiveTag),
                ResponseWriter = WriteResponse,
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>Status plus each check's state and description; exception text stays in the logs.</summary>
    public static async Task WriteResponse(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteNumber("totalDurationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            if (entry.Description is { Length: > 0 } description)
            {
                writer.WriteString("description", description);
            }
            writer.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            writer.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
            {
                writer.WriteStringValue(tag);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
