using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Scope;

namespace Platform.Testing;

/// <summary>
/// A platform service in-process (<see cref="WebApplicationFactory{TEntryPoint}"/>) over its own <see cref="TestDatabase"/>,
/// migrated by the service's scripts before it starts, on the shared <see cref="TestRedis"/>, trusting the tokens of a
/// <see cref="TestTokenIssuer"/> minted for its resource name. Disposing it stops the service and drops its database;
/// the issuer belongs to whoever started it.
/// </summary>
/// <typeparam name="TEntryPoint">A type of the service's assembly (its DbContext does).</typeparam>
public sealed class ServiceUnderTest<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private ServiceUnderTest(WebApplicationFactory<TEntryPoint> factory, TestDatabase database)
    {
        Factory = factory;
        Database = database;
    }

    public WebApplicationFactory<TEntryPoint> Factory { get; }

    public TestDatabase Database { get; }

    /// <summary>
    /// Starts the service <paramref name="name"/> (its resource name: the audience it accepts, and
    /// <c>ConnectionStrings:&lt;name&gt;db</c>) on a new database named after <paramref name="databasePrefix"/>;
    /// <paramref name="configure"/> adds settings and test services on top.
    /// </summary>
    public static async Task<ServiceUnderTest<TEntryPoint>> StartAsync(string name, TestTokenIssuer issuer, string databasePrefix,
        Action<IWebHostBuilder>? configure = null, string? redisConnectionString = null, CancellationToken ct = default)
    {
        var database = await TestDatabase.CreateAsync(databasePrefix, ct).ConfigureAwait(false);
        try
        {
            await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
            {
                await new MigrationRunner(dataSource, MigrationScript.ForService(typeof(TEntryPoint).Assembly)).MigrateAsync(ct).ConfigureAwait(false);
            }
            var redis = redisConnectionString ?? (await TestRedis.GetAsync(ct).ConfigureAwait(false)).ConnectionString;
            var factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment("Production");
                web.UseSetting($"ConnectionStrings:{name}db", database.ConnectionString);
                web.UseSetting("ConnectionStrings:redis", redis);
                web.UseSetting("Identity:Url", issuer.Authority);
                web.UseSetting("Identity:Audience", name);
                web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
                configure?.Invoke(web);
            });
            _ = factory.Server;
            return new ServiceUnderTest<TEntryPoint>(factory, database);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client of the service sending <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Runs <paramref name="work"/> against the service's <typeparamref name="TDb"/> as the system (every region visible).</summary>
    public async Task<T> WithDbAsync<TDb, T>(Func<TDb, Task<T>> work) where TDb : notnull
    {
        using var system = CallerScope.BeginSystem();
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TDb>()).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync().ConfigureAwait(false);
        await Database.DisposeAsync().ConfigureAwait(false);
    }
}
