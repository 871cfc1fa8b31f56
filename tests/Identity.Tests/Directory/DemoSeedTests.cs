using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;

namespace Platform.Identity.Tests.Directory;

/// <summary>The demo province seeded at the first start in demo mode (the host starts identity once before the tests).</summary>
public sealed class DemoSeedTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Issue #3, deliverable 7, as written there: code, name, level, parent.</summary>
    private static readonly (string Code, string Name, string Level, string? Parent)[] ExpectedRegions =
    [
        ("140000", "山西省", RegionLevels.Province, null),
        ("140300", "阳泉市", RegionLevels.City, "140000"),
        ("140302", "城区", RegionLevels.County, "140300"),
        ("140303", "矿区", RegionLevels.County, "140300"),
        ("140311", "郊区", RegionLevels.County, "140300"),
        ("140321", "平定县", RegionLevels.County, "140300"),
        ("140322", "盂县", RegionLevels.County, "140300"),
        ("140371", "阳泉经济技术开发区", RegionLevels.Zone, "140300"),
        ("140400", "长治市", RegionLevels.City, "140000"),
        ("140403", "潞州区", RegionLevels.County, "140400"),
        ("140404", "上党区", RegionLevels.County, "140400"),
        ("140405", "屯留区", RegionLevels.County, "140400"),
        ("140406", "潞城区", RegionLevels.County, "140400"),
        ("140423", "襄垣县", RegionLevels.County, "140400"),
    ];

    [Fact]
    public async Task Demo_seed_creates_exactly_the_demo_regions()
    {
        var regions = await host.WithDbAsync((db, _) => db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(Ct));

        Assert.Equal(ExpectedRegions.OrderBy(r => r.Code), regions.Select(r => (r.Code, r.Name, r.Level, r.ParentCode)));
        Assert.Equal(["140371"], regions.Where(r => r.IsLocalCode).Select(r => r.Code));
    }

    [Fact]
    public async Task Every_region_has_a_finance_bureau_with_its_offices_and_departments_with_units()
    {
        var organisations = await host.WithDbAsync((db, _) => db.Organisations.AsNoTracking().ToListAsync(Ct));

        foreach (var (code, _, level, _) in ExpectedRegions)
        {
            var here = organisations.Where(o => o.RegionCode == code).ToList();
            var bureau = Assert.Single(here, o => o.Kind == OrganisationKinds.FinanceBureau);
            string[] offices = [OrganisationKinds.BudgetOffice, OrganisationKinds.PerformanceOffice, OrganisationKinds.BusinessOffice];
            Assert.All(offices, kind => Assert.Contains(here, o => o.Kind == kind && o.ParentId == bureau.Id));
            var departments = here.Where(o => o.Kind == OrganisationKinds.Department).ToList();
            Assert.True(departments.Count >= 3, code);
            Assert.All(departments, d => Assert.Contains(here, o => o.Kind == OrganisationKinds.Unit && o.ParentId == d.Id));
            if (level is RegionLevels.Province or RegionLevels.City)
            {
                Assert.Contains(here, o => o.Kind == OrganisationKinds.ReviewCentre && o.ParentId == bureau.Id);
                Assert.Contains(here, o => o.Kind == OrganisationKinds.Congress);
                Assert.Contains(here, o => o.Kind == OrganisationKinds.Audit);
            }
        }
        Assert.Equal(3, organisations.Count(o => o is { Kind: OrganisationKinds.Agency, RegionCode: "140000" }));
    }

    [Fact]
    public async Task Every_role_has_demo_users_where_it_belongs_all_with_the_demo_password()
    {
        var users = await host.WithDbAsync((db, _) => (
            from u in db.Users
            join r in db.UserRoles on u.Id equals r.UserId
            join o in db.Organisations on u.OrganisationId equals o.Id
            select new { u.UserName, u.MustChangePassword, r.Role, o.Kind, o.RegionCode }).ToListAsync(Ct));

        Assert.Equal(PlatformRoles.All.Order(), users.Select(u => u.Role).Distinct().Order());
        Assert.Equal(["140000.platform-operator"], users.Where(u => u.Role == PlatformRoles.PlatformOperator).Select(u => u.UserName));
        foreach (var (code, _, _, _) in ExpectedRegions)
        {
            string[] everywhere = [PlatformRoles.RegionAdmin, PlatformRoles.PerformanceOfficer, PlatformRoles.BusinessReviewer, PlatformRoles.BudgetOfficer, PlatformRoles.DepartmentFiler, PlatformRoles.UnitFiler];
            Assert.All(everywhere, role => Assert.Contains(users, u => u.UserName == $"{code}.{role}" && u.Role == role && u.RegionCode == code));
        }
        Assert.All(users.Where(u => u.Role == PlatformRoles.Overseer), u => Assert.Contains(u.Kind, new[] { OrganisationKinds.Congress, OrganisationKinds.Audit }));
        Assert.All(users.Where(u => u.Role == PlatformRoles.AgencyStaff), u => Assert.Equal(OrganisationKinds.Agency, u.Kind));
        Assert.Equal(3, users.Count(u => u.Role == PlatformRoles.AgencyStaff));
        Assert.All(users, u => Assert.False(u.MustChangePassword));
        Assert.True(await host.WithDbAsync(async (_, manager) =>
            await manager.CheckPasswordAsync((await manager.FindByNameAsync("140423.unit-filer"))!, DirectoryHost.DemoPassword)));
    }

    [Fact]
    public async Task Accounts_file_lists_every_account_with_its_password_readable_by_the_owner_only()
    {
        var lines = await File.ReadAllLinesAsync(host.AccountsFile, Ct);
        var userNames = await host.WithDbAsync((db, _) => db.Users.Select(u => u.UserName!).ToListAsync(Ct));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, DirectoryHost.ModeOf(host.AccountsFile));
        Assert.Equal(userNames.Order(), lines.Select(l => l.Split('\t')[0]).Order());
        Assert.Contains($"140322.unit-filer\t{DirectoryHost.DemoPassword}\t单位填报\t盂县第一中学\t盂县", lines);
    }

    [Fact]
    public async Task Second_start_adds_nothing_and_lists_the_accounts_again()
    {
        var before = await Counts();
        File.Delete(host.AccountsFile);

        await host.StartAsync(new Dictionary<string, string?>
        {
            ["Identity:Demo:Enabled"] = "true",
            ["Identity:Demo:Password"] = DirectoryHost.DemoPassword,
            ["Identity:Demo:AccountsFile"] = host.AccountsFile,
        });

        Assert.Equal(before, await Counts());
        Assert.True(File.Exists(host.AccountsFile));
    }

    private Task<(int Regions, int Organisations, int Users, int Roles, int Audit)> Counts() => host.WithDbAsync(async (db, _) => (
        await db.Regions.CountAsync(Ct), await db.Organisations.CountAsync(Ct), await db.Users.CountAsync(Ct),
        await db.UserRoles.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct)));
}
