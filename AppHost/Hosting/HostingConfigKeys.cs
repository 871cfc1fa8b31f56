namespace Platform.Hosting;

/// <summary>Configuration keys the hosting engine reads (from appsettings.json, environment variables or the command line).</summary>
public static class HostingConfigKeys
{
    /// <summary>Data folder; default <see cref="Data.DataDirectory.DefaultPath"/>.</summary>
    public const string DataDirectory = "PLATFORM_DATA_DIR";

    public const string DashboardEnabled = "Dashboard:Enabled";

    /// <summary>Dashboard port on 127.0.0.1; 0 or absent = a free port.</summary>
    public const string DashboardPort = "Dashboard:Port";

    /// <summary><c>ASPNETCORE_ENVIRONMENT</c> given to projects; default Development, as <c>aspire run</c> does.</summary>
    public const string Environment = "Platform:Environment";

    /// <summary><c>Platform:Replicas:&lt;resource&gt;</c> overrides a resource's replica count.</summary>
    public const string ReplicasSection = "Platform:Replicas";

    /// <summary>false turns off fsync for throw-away clusters (the test harness); the AppHost always keeps it on.</summary>
    public const string DurablePostgres = "Platform:DurablePostgres";

    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
}
