using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Imports;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Tests.Messaging;
using Platform.ServiceDefaults.Tests.Scope;
using Platform.ServiceDefaults.Tests.Tabular;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Imports;

/// <summary>One database and app for the class: every test works on jobs of its own.</summary>
public sealed class ImportJobsHost : IAsyncLifetime
{
    public TestTokenIssuer Issuer { get; private set; } = null!;

    internal SharedTablesDatabase Database { get; private set; } = null!;

    internal TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Issuer = await TestTokenIssuer.StartAsync(ct);
        Database = await SharedTablesDatabase.CreateAsync("imports", ct);
        App = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["Identity:Url"] = Issuer.Authority },
            builder =>
            {
                builder.Services.AddSingleton(Database.DataSource);
                builder.AddImportJobs();
            },
            app => app.MapGroup("/api/projects").MapImportJobs());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

/// <summary>Import progress in the shared <c>import_jobs</c> table, and who may poll it.</summary>
public sealed class ImportJobsTests(ImportJobsHost host) : IClassFixture<ImportJobsHost>
{
    private readonly TestTokenIssuer _issuer = host.Issuer;
    private readonly TestApp _app = host.App;

    [Fact]
    public async Task Job_records_progress_then_failure_keeping_1000_errors_and_the_count_of_all()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _app.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<ImportJobs>();
        var id = await jobs.StartAsync("projects", @"C:\Users\填报\2026年项目.xlsx", Caller("u-1", "140322"), ct);
        await jobs.ProgressAsync(id, 500, 1500, ct);

        var running = await jobs.GetAsync(id, ct);
        var errors = Enumerable.Range(2, 1500).Select(row => new ImportRowError(row, "送审金额(元)", $"第{row}行送审金额不是数字")).ToList();
        await jobs.FailAsync(id, errors, ct);
        var failed = (await jobs.GetAsync(id, ct))!;

        Assert.Equal((ImportJobStatuses.Running, 500, 1500, "2026年项目.xlsx"), (running!.Status, running.Processed, running.Total, running.FileName));
        Assert.Null(running.FinishedAt);
        Assert.Equal((ImportJobStatuses.Failed, 0, 1500), (failed.Status, failed.Imported, failed.ErrorCount));
        Assert.Equal(1000, failed.Errors.Count);
        Assert.Equal(new ImportRowError(2, "送审金额(元)", "第2行送审金额不是数字"), failed.Errors[0]);
        Assert.NotNull(failed.FinishedAt);
    }

    [Fact]
    public async Task Succeeded_job_counts_what_was_imported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _app.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<ImportJobs>();
        var id = await jobs.StartAsync("targets", "指标.csv", Caller("u-1", "140322"), ct);
        await jobs.ProgressAsync(id, 100, 130, ct);

        await jobs.SucceedAsync(id, 130, ct);

        var job = (await jobs.GetAsync(id, ct))!;
        Assert.Equal((ImportJobStatuses.Succeeded, 130, 130, 0), (job.Status, job.Imported, job.Processed, job.ErrorCount));
        Assert.Empty(job.Errors);
    }

    [Fact]
    public async Task Client_chosen_id_is_used_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _app.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<ImportJobs>();
        var chosen = Guid.NewGuid();

        Assert.Equal(chosen, await jobs.StartAsync("projects", "a.xlsx", Caller("u-1", "140322"), chosen, ct));
        await Assert.ThrowsAsync<ImportJobConflictException>(() => jobs.StartAsync("projects", "b.xlsx", Caller("u-1", "140322"), chosen, ct));
    }

    [Theory]
    [InlineData(null, true, false)]
    [InlineData("7d3c1a52-93a4-4f5e-9a59-1f8c2b6d0e11", true, true)]
    [InlineData("not-a-guid", false, false)]
    [InlineData("00000000-0000-0000-0000-000000000000", false, false)]
    public void Job_id_header_is_optional_and_must_be_a_guid(string? header, bool valid, bool present)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers[ImportJobs.JobIdHeader] = header;
        }

        var (id, errors) = ImportJobs.ReadJobId(http.Request);

        Assert.Equal((valid, present), (!errors.HasErrors, id is not null));
    }

    [Fact]
    public async Task Starter_and_their_city_see_the_job_and_a_sibling_county_gets_404()
    {
        var id = await StartFailedJobAsync();

        using var own = await GetAsync($"/api/projects/imports/{id}", User("u-1", "140322", RegionLevels.County));
        using var city = await GetAsync($"/api/projects/imports/{id}", User("u-9", "140300", RegionLevels.City));
        using var sibling = await GetAsync($"/api/projects/imports/{id}", User("u-2", "140321", RegionLevels.County));
        using var unknown = await GetAsync($"/api/projects/imports/{Guid.NewGuid()}", User("u-1", "140322", RegionLevels.County));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (own.StatusCode, city.StatusCode, sibling.StatusCode, unknown.StatusCode));
        var job = await own.Content.ReadFromJsonAsync<ImportJobDto>(TestContext.Current.CancellationToken);
        Assert.Equal((id, ImportJobStatuses.Failed, 2), (job!.Id, job.Status, job.Errors.Count));
    }

    [Fact]
    public async Task Job_without_a_token_is_401()
    {
        var id = await StartFailedJobAsync();

        using var response = await _app.Client.GetAsync($"/api/projects/imports/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Error_report_downloads_as_a_sheet_of_row_field_and_message()
    {
        var id = await StartFailedJobAsync();

        using var response = await GetAsync($"/api/projects/imports/{id}/errors.xlsx", User("u-1", "140322", RegionLevels.County));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await TabularReaderTests.ReadAsync(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), "errors.xlsx");
        Assert.Equal([("3", "年度", "年度应为四位数字"), ("7", "项目名称", "项目名称不能为空")],
            rows.Select(r => (r["行号"], r["字段"], r["错误说明"])));
    }

    private async Task<Guid> StartFailedJobAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _app.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<ImportJobs>();
        var id = await jobs.StartAsync("projects", "项目.xlsx", Caller("u-1", "140322"), ct);
        await jobs.FailAsync(id, [new ImportRowError(3, "年度", "年度应为四位数字"), new ImportRowError(7, "项目名称", "项目名称不能为空")], ct);
        return id;
    }

    private static Caller Caller(string user, string region) => Platform.ServiceDefaults.Scope.Caller.FromPrincipal(Claims.Principal(
        new Claim(PlatformClaims.Subject, user), new Claim(PlatformClaims.Region, region),
        new Claim(PlatformClaims.RegionLevel, RegionLevels.County), new Claim(PlatformClaims.Name, "填报人")));

    private string User(string user, string region, string level) => _issuer.MintToken("projects",
    [
        new Claim(PlatformClaims.Subject, user), new Claim(PlatformClaims.ClientId, "portal"),
        new Claim(PlatformClaims.Region, region), new Claim(PlatformClaims.RegionLevel, level),
        new Claim(PlatformClaims.Role, PlatformRoles.UnitFiler),
    ]);

    private Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
