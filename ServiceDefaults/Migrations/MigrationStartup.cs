using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Hosting;

namespace Platform.ServiceDefaults.Migrations;

/// <summary>
/// The migration step as a command-line switch of the service itself (the aspire-samples migration-service idea
/// without a second project): <c>dotnet Projects.dll --migrate</c> applies pending scripts and exits 0 without opening a
/// port; a normal start first checks that nothing is pending or altered and refuses to start otherwise.
/// </summary>
public static class MigrationStartup
{
    public const string MigrateSwitch = "--migrate";

    /// <summary>True when this process was started with <c>--migrate</c>.</summary>
    public static bool IsMigrateRun { get; } = Environment.GetCommandLineArgs().Skip(1).Contains(MigrateSwitch, StringComparer.Ordinal);

    /// <summary>The shared V001 and the scripts embedded in the service's application assembly.</summary>
    public static IReadOnlyList<MigrationScript> ScriptsOf(IHostEnvironment environment) =>
        MigrationScript.ForService(Assembly.Load(new AssemblyName(environment.ApplicationName)));

    internal static void Run(WebApplication app)
    {
        if (IsMigrateRun)
        {
            var (message, exitCode) = MigrateAndDescribe(app);
            // Nothing has started yet; disposing flushes the loggers before the process ends.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            StartupGuard.Exit(message, exitCode);
            return;
        }
        if (app.Services.GetService<ServiceDatabase>() is null)
        {
            return;
        }
        try
        {
            CreateRunner(app).EnsureUpToDateAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is MigrationException or NpgsqlException or TimeoutException)
        {
            throw new StartupRefusedException(ex is MigrationException
                ? ex.Message
                : $"Cannot check the migrations of database '{app.Services.GetRequiredService<ServiceDatabase>().Name}': {ex.Message}", ex);
        }
    }

    private static (string Message, int ExitCode) MigrateAndDescribe(WebApplication app)
    {
        var database = app.Services.GetService<ServiceDatabase>();
        if (database is null)
        {
            return ($"{app.Environment.ApplicationName} owns no database; nothing to migrate.", 0);
        }
        try
        {
            var report = CreateRunner(app).MigrateAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult();
            return (report.ToString(), 0);
        }
        catch (MigrationException ex)
        {
            return (ex.Message, 1);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return ($"Migrating database '{database.Name}' failed: {ex.Message}", 1);
        }
    }

    private static MigrationRunner CreateRunner(WebApplication app) => new(
        app.Services.GetRequiredService<NpgsqlDataSource>(),
        ScriptsOf(app.Environment),
        app.Services.GetRequiredService<ILogger<MigrationRunner>>());
}
