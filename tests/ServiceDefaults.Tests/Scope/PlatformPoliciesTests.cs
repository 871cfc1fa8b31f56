using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;
using static Platform.Contracts.Identity.PlatformRoles;

namespace Platform.ServiceDefaults.Tests.Scope;

/// <summary>Each named policy decided on a county user holding exactly the given roles, a service, and nobody.</summary>
public sealed class PlatformPoliciesTests
{
    private static readonly IAuthorizationService Authorization = new ServiceCollection()
        .AddLogging()
        .AddAuthorizationBuilder().AddPlatformPolicies().Services
        .BuildServiceProvider()
        .GetRequiredService<IAuthorizationService>();

    [Theory]
    [InlineData(PlatformOperator, true)]
    [InlineData(RegionAdmin, true)]
    [InlineData(PerformanceOfficer, false)]
    [InlineData(BudgetOfficer, false)]
    [InlineData(UnitFiler, false)]
    [InlineData(Overseer, false)]
    public Task Administrator(string role, bool allowed) => AssertUser(PlatformPolicies.Administrator, [role], allowed);

    [Theory]
    [InlineData(PerformanceOfficer, true)]
    [InlineData(BusinessReviewer, true)]
    [InlineData(BudgetOfficer, true)]
    [InlineData(RegionAdmin, true)]
    [InlineData(PlatformOperator, true)]
    [InlineData(DepartmentFiler, false)]
    [InlineData(UnitFiler, false)]
    [InlineData(AgencyStaff, false)]
    [InlineData(Expert, false)]
    [InlineData(Overseer, false)]
    public Task FinanceStaff(string role, bool allowed) => AssertUser(PlatformPolicies.FinanceStaff, [role], allowed);

    [Theory]
    [InlineData(DepartmentFiler, true)]
    [InlineData(UnitFiler, true)]
    [InlineData(BudgetOfficer, false)]
    [InlineData(RegionAdmin, false)]
    [InlineData(Overseer, false)]
    public Task Filer(string role, bool allowed) => AssertUser(PlatformPolicies.Filer, [role], allowed);

    [Theory]
    [InlineData(new[] { UnitFiler }, true)]
    [InlineData(new[] { Expert }, true)]
    [InlineData(new[] { AgencyStaff }, true)]
    [InlineData(new[] { Overseer, BudgetOfficer }, true)]
    [InlineData(new[] { Overseer }, false)]
    [InlineData(new[] { Overseer, "not-a-platform-role" }, false)]
    [InlineData(new string[0], false)]
    public Task Writer(string[] roles, bool allowed) => AssertUser(PlatformPolicies.Writer, roles, allowed);

    [Theory]
    [InlineData(PlatformPolicies.Administrator)]
    [InlineData(PlatformPolicies.FinanceStaff)]
    [InlineData(PlatformPolicies.Filer)]
    [InlineData(PlatformPolicies.Writer)]
    public async Task User_policies_refuse_a_service_even_with_roles(string policy)
    {
        var service = Claims.Principal(
            new Claim("sub", "projects"), new Claim("client_id", "projects"),
            new Claim("role", PlatformOperator), new Claim("role", DepartmentFiler));

        Assert.False((await Authorization.AuthorizeAsync(service, policy)).Succeeded);
    }

    [Fact]
    public async Task Service_policy_admits_a_client_credentials_token() =>
        Assert.True((await Authorization.AuthorizeAsync(Claims.Service("projects"), PlatformPolicies.Service)).Succeeded);

    [Fact]
    public async Task Service_policy_refuses_a_user_whatever_their_roles() =>
        Assert.False((await Authorization.AuthorizeAsync(Claims.User("140000", RegionLevels.Province, PlatformOperator), PlatformPolicies.Service)).Succeeded);

    [Theory]
    [InlineData(PlatformPolicies.Administrator)]
    [InlineData(PlatformPolicies.Service)]
    [InlineData(PlatformPolicies.Writer)]
    public async Task Every_policy_refuses_an_anonymous_caller(string policy)
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("role", PlatformOperator), new Claim("sub", "x"), new Claim("client_id", "x")]));

        Assert.False((await Authorization.AuthorizeAsync(anonymous, policy)).Succeeded);
    }

    private static async Task AssertUser(string policy, string[] roles, bool allowed)
    {
        var result = await Authorization.AuthorizeAsync(Claims.User("140322", RegionLevels.County, roles), policy);

        Assert.Equal(allowed, result.Succeeded);
    }
}
