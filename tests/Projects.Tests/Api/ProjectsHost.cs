using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Identity;
using Platform.Contracts.Json;
using Platform.Contracts.Targets;
using Platform.Projects.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Projects.Tests.Api;

/// <summary>
/// The projects service in-process over its own migrated database (<see cref="ServiceUnderTest{TEntryPoint}"/>), trusting
/// tokens from a <see cref="TestTokenIssuer"/> (with the claims identity issues, <see cref="TestUsers"/>). Its targets
/// client talks to <see cref="Targets"/>, a stand-in that answers <c>GET /api/targets/sets/by-project/{id}</c> as targets
/// does (404 when the project has no set); <see cref="TargetsGateTests"/> puts the real targets service there instead.
/// One host per test class.
/// </summary>
public class ProjectsHost : IAsyncLifetime
{
    public TestTokenIssuer Issuer { get; private set; } = null!;

    public ServiceUnderTest<ProjectsDb> Projects { get; private set; } = null!;

    public WebApplicationFactory<ProjectsDb> Factory => Projects.Factory;

    /// <summary>The target sets the stand-in targets service knows, by project.</summary>
    public ConcurrentDictionary<Guid, TargetSetDto> TargetSets { get; } = new();

    protected virtual string DatabasePrefix => "projects_api";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync(Ct);
        Projects = await ServiceUnderTest<ProjectsDb>.StartAsync(ResourceNames.Projects, Issuer, DatabasePrefix, web =>
            web.ConfigureTestServices(services => services.AddHttpClient<TargetsClient>().ConfigurePrimaryHttpMessageHandler(TargetsHandler)),
            ct: Ct);
    }

    /// <summary>The primary handler of the projects service's targets client.</summary>
    protected virtual HttpMessageHandler TargetsHandler() => new StandInTargets(TargetSets);

    /// <summary>Tells the stand-in targets service that <paramref name="projectId"/> has a (draft) target set.</summary>
    public TargetSetDto GiveTargetSet(Guid projectId, string status = "DRAFT")
    {
        var set = new TargetSetDto(Guid.NewGuid(), "project", projectId, "项目", 2027, "140322", "盂县", TestUsers.YuxianEducation, "盂县教育局",
            null, null, null, null, 1, 1, status, false, [], 0m, 1, DateTimeOffset.UtcNow);
        TargetSets[projectId] = set;
        return set;
    }

    /// <summary>The user's portal token (for projects and targets, as identity issues it).</summary>
    public string TokenFor(TestUser user) => user.Portal.TokenFrom(Issuer);

    public HttpClient Client(TestUser user) => Client(TokenFor(user));

    /// <summary>A client calling with a client-credentials token of another service (the sender of inbox messages).</summary>
    public HttpClient ServiceClient(string clientId = "targets") =>
        Client(Issuer.MintToken(ResourceNames.Projects, [new Claim(PlatformClaims.Subject, clientId), new Claim(PlatformClaims.ClientId, clientId)]));

    public HttpClient Client(string token) => Projects.Client(token);

    /// <summary>Runs <paramref name="work"/> against the database as the system (every region visible).</summary>
    public Task<T> WithDbAsync<T>(Func<ProjectsDb, Task<T>> work) => Projects.WithDbAsync(work);

    public Task<int> CountProjectsAsync(Func<IQueryable<Platform.Projects.Model.Project>, IQueryable<Platform.Projects.Model.Project>> filter) =>
        WithDbAsync(db => filter(db.Projects.AsNoTracking()).CountAsync(Ct));

    public virtual async ValueTask DisposeAsync()
    {
        await Projects.DisposeAsync();
        await Issuer.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Answers the one call projects makes to targets as the real service does.</summary>
    private sealed class StandInTargets(ConcurrentDictionary<Guid, TargetSetDto> sets) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            const string prefix = "/api/targets/sets/by-project/";
            var path = request.RequestUri!.AbsolutePath;
            if (request.Headers.Authorization is null)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request });
            }
            if (request.Method == HttpMethod.Get && path.StartsWith(prefix, StringComparison.Ordinal)
                && Guid.TryParse(path[prefix.Length..], out var projectId) && sets.TryGetValue(projectId, out var set))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    RequestMessage = request,
                    Content = JsonContent.Create(set, options: ApiJson.Options),
                });
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
        }
    }
}
