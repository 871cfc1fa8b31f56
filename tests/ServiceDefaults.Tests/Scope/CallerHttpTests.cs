using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Scope;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Scope;

/// <summary>
/// What a service composed with AddServiceDefaults/MapDefaultEndpoints gets: the caller injected into endpoints and
/// ambient for its DbContext, writes outside the scope answered 403, and the named policies.
/// </summary>
public sealed class CallerHttpTests : IAsyncLifetime
{
    private TestTokenIssuer _issuer = null!;
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _issuer = await TestTokenIssuer.StartAsync(ct);
        _database = await TestDatabase.CreateAsync("caller_http", ct);
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(_dataSource, MigrationScript.FromAssembly(typeof(MigrationScript).Assembly)).MigrateAsync(ct);
        await using (var create = _dataSource.CreateCommand("""
            CREATE TABLE scoped_records (id serial PRIMARY KEY, region_code varchar(12) NOT NULL, name text NOT NULL);
            CREATE TABLE zones (code varchar(12) PRIMARY KEY, name text NOT NULL);
            INSERT INTO scoped_records (region_code, name) VALUES ('140321', 'a'), ('140322', 'b');
            """))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        _app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["Identity:Url"] = _issuer.Authority },
            builder => builder.Services.AddDbContextPool<ScopeTestDb>(options => options.UseNpgsql(_dataSource)),
            app =>
            {
                var api = app.MapGroup("/api/projects");
                api.MapGet("/whoami", (Caller caller) => new { caller.UserId, caller.RegionCode, caller.ScopePrefix, caller.IsService });
                api.MapGet("/records", (ScopeTestDb db) => db.Records.Select(r => r.RegionCode).OrderBy(c => c).ToListAsync());
                api.MapPost("/records/{region}", async (string region, ScopeTestDb db) =>
                {
                    db.Records.Add(new ScopedRecord { RegionCode = region, Name = "posted" });
                    await db.SaveChangesAsync();
                    return Results.Ok();
                });
                api.MapGet("/admin", () => "ok").RequireAuthorization(PlatformPolicies.Administrator);
                api.MapGet("/internal", () => "ok").RequireAuthorization(PlatformPolicies.Service);
            });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Endpoint_receives_the_caller_of_the_token()
    {
        using var response = await Send(HttpMethod.Get, "/api/projects/whoami", CountyUser(PlatformRoles.UnitFiler));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("u-140322", body.RootElement.GetProperty("userId").GetString());
        Assert.Equal("140322", body.RootElement.GetProperty("scopePrefix").GetString());
        Assert.False(body.RootElement.GetProperty("isService").GetBoolean());
    }

    [Fact]
    public async Task Queries_in_a_request_are_limited_to_the_callers_region()
    {
        using var response = await Send(HttpMethod.Get, "/api/projects/records", CountyUser(PlatformRoles.UnitFiler));

        Assert.Equal<string>(["140322"], await response.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken) ?? []);
    }

    [Fact]
    public async Task Write_into_a_sibling_region_is_a_403_problem_and_saves_nothing()
    {
        using var response = await Send(HttpMethod.Post, "/api/projects/records/140321", CountyUser(PlatformRoles.UnitFiler));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("out_of_scope", problem.RootElement.GetProperty("code").GetString());
        using var records = await Send(HttpMethod.Get, "/api/projects/records", _issuer.MintToken("projects", [new Claim("sub", "projects"), new Claim("client_id", "projects")]));
        Assert.Equal<string>(["140321", "140322"], await records.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken) ?? []);
    }

    [Fact]
    public async Task Write_into_own_region_succeeds()
    {
        using var response = await Send(HttpMethod.Post, "/api/projects/records/140322", CountyUser(PlatformRoles.UnitFiler));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(PlatformRoles.RegionAdmin, HttpStatusCode.OK)]
    [InlineData(PlatformRoles.BudgetOfficer, HttpStatusCode.Forbidden)]
    public async Task Named_policies_are_registered_by_service_defaults(string role, HttpStatusCode expected)
    {
        using var response = await Send(HttpMethod.Get, "/api/projects/admin", CountyUser(role));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Service_policy_admits_a_client_credentials_token_and_refuses_a_user()
    {
        using var service = await Send(HttpMethod.Get, "/api/projects/internal", _issuer.MintToken("projects", [new Claim("sub", "targets"), new Claim("client_id", "targets")]));
        using var user = await Send(HttpMethod.Get, "/api/projects/internal", CountyUser(PlatformRoles.PlatformOperator));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (service.StatusCode, user.StatusCode));
    }

    private string CountyUser(string role) => _issuer.MintToken("projects",
    [
        new Claim(PlatformClaims.Subject, "u-140322"),
        new Claim(PlatformClaims.ClientId, "portal"),
        new Claim(PlatformClaims.Region, "140322"),
        new Claim(PlatformClaims.RegionLevel, RegionLevels.County),
        new Claim(PlatformClaims.Role, role),
    ]);

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
