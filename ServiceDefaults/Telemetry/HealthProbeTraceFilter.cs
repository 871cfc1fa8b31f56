using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps orchestrator and gateway health probes (several a second across replicas) out of exported traces. The
/// request middleware marks probe activities; this processor, running before any exporter, drops them at the end.
/// </summary>
internal sealed class HealthProbeTraceFilter : BaseProcessor<Activity>
{
    public static readonly IReadOnlyList<PathString> ProbePaths = ["/health", "/alive"];

    public override void OnEnd(Activity data)
    {
        if (IsProbe(data))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>Marks the current request's activity (and so, by parent-based sampling, its children) as not recorded.</summary>
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        if (IsProbePath(context.Request.Path) && Activity.Current is { } activity)
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
            activity.SetCustomProperty(ProbeMarker, true);
        }
        await next(context);
    }

    private const string ProbeMarker = "platform.health-probe";

    private static bool IsProbe(Activity activity) =>
        activity.GetCustomProperty(ProbeMarker) is true
        || (activity.GetTagItem("url.path") is string path && IsProbePath(new PathString(path)));

    private static bool IsProbePath(PathString path) =>
        ProbePaths.Any(probe => path.Equals(probe, StringComparison.OrdinalIgnoreCase));
}
