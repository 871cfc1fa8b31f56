using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Projects.Infrastructure;
using Platform.ServiceDefaults.Migrations;
using Platform.Testing;

namespace Platform.Targets.Tests;

/// <summary>The projects service in-process over its own database, accepting the same test tokens as targets.</summary>
public sealed class ProjectsHost : IAsyncDisposable
{
    private ProjectsHost(WebApplicationFactory<ProjectsDb> factory, TestDatabase database, TestTokenIssuer issuer)
    {
        Factory = factory;
        Database = database;
        Issuer = issuer;
    }

    public WebApplicationFactory<ProjectsDb> Factory { get; }

    public TestDatabase Database { get; }

    private TestTokenIssuer Issuer { get; }

    public static async Task<ProjectsHost> StartAsync(TestTokenIssuer issuer, CancellationToken ct)
    {
        var database = await TestDatabase.CreateAsync("targets_tests_projects", ct);
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new MigrationRunner(dataSource, MigrationScript.ForService(typeof(ProjectsDb).Assembly)).MigrateAsync(ct);
        }
        var redis = await TestRedis.GetAsync(ct);
        var factory = new WebApplicationFactory<ProjectsDb>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("ConnectionStrings:projectsdb", database.ConnectionString);
            web.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
            web.UseSetting("Identity:Url", issuer.Authority);
            // The user's token forwarded by targets was minted for targets.
            web.UseSetting("Identity:Audiences:0", "targets");
            web.UseSetting("Outbox:Enabled", "false");
            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
        _ = factory.Server;
        return new ProjectsHost(factory, database, issuer);
    }

    /// <summary>A client of the projects service calling as <paramref name="userName"/>.</summary>
    public HttpClient Client(string userName)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Issuer.MintToken("projects", TestUsers.Get(userName).Claims()));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
