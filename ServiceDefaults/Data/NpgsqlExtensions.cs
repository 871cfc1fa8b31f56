using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Hosting;

namespace Platform.ServiceDefaults.Data;

/// <summary>The Aspire.Npgsql and Aspire.Npgsql.EntityFrameworkCore.PostgreSQL registrations, by the same names.</summary>
public static class NpgsqlExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="NpgsqlDataSource"/> for <c>ConnectionStrings:&lt;name&gt;</c> (missing: start
    /// refused, naming the key), logging through the host, traced and metered by Npgsql's own source and meter, with
    /// a <c>PostgreSql_&lt;name&gt;</c> readiness check. It is the database the service's migrations target.
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string name)
    {
        var connectionString = RequiredSettings.ConnectionString(builder.Configuration, name);
        if (builder.Services.Any(d => d.ServiceType == typeof(ServiceDatabase)))
        {
            throw new InvalidOperationException(
                $"A database is already registered for this service; '{name}' would be a second one. One service owns one database.");
        }
        builder.Services.AddSingleton(new ServiceDatabase(name));
        builder.Services.AddSingleton(sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = name };
            dataSource.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return dataSource.Build();
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"PostgreSql_{name}",
            sp => new NpgsqlHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            [HealthCheckExtensions.ReadyTag],
            TimeSpan.FromSeconds(5)));
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TContext"/> (pooled) over the data source of <see cref="AddNpgsqlDataSource"/>,
    /// with Npgsql's retrying execution strategy for transient failures. The schema comes from the service's SQL
    /// migrations, never from EF.
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        builder.AddNpgsqlDataSource(name);
        builder.Services.AddDbContextPool<TContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.EnableRetryOnFailure())
            .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>()));
        return builder;
    }
}

/// <summary>The one database a service owns: the name of its connection string and the target of its migrations.</summary>
public sealed record ServiceDatabase(string Name);
