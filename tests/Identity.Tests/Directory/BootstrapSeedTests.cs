using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Identity;
using Platform.Identity.Seed;
using Platform.Testing;

namespace Platform.Identity.Tests.Directory;

/// <summary>The first start outside demo mode, and seeding by replicas starting together; each test has its own database.</summary>
public sealed class BootstrapSeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_start_creates_one_administrator_whose_one_time_password_is_in_an_owner_only_file()
    {
        await using var host = await EmptyHost.CreateAsync();
        var file = Path.Combine(TestFolder.Create("bootstrap"), "admin.txt");

        await host.StartAsync(new Dictionary<string, string?> { ["Identity:Bootstrap:PasswordFile"] = file });

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, DirectoryHost.ModeOf(file));
        var fields = Assert.Single(await File.ReadAllLinesAsync(file, Ct)).Split('\t');
        Assert.Equal(["admin", "平台运维", "平台运维中心", "山西省"], [fields[0], fields[2], fields[3], fields[4]]);
        var (regions, admin, roles, works) = await host.WithDbAsync(async (db, users) =>
        {
            var user = await db.Users.SingleAsync(Ct);
            return (await db.Regions.Select(r => r.Code + r.Level).ToListAsync(Ct), user,
                await db.UserRoles.Select(r => r.Role).ToListAsync(Ct), await users.CheckPasswordAsync(user, fields[1]));
        });
        Assert.Equal(["140000" + RegionLevels.Province], regions);
        Assert.Equal(("admin", true, true), (admin.UserName, admin.MustChangePassword, admin.IsActive));
        Assert.Equal([PlatformRoles.PlatformOperator], roles);
        Assert.True(works);
    }

    [Fact]
    public async Task Second_start_creates_no_other_administrator_and_never_writes_the_password_again()
    {
        await using var host = await EmptyHost.CreateAsync();
        var file = Path.Combine(TestFolder.Create("bootstrap"), "admin.txt");
        var settings = new Dictionary<string, string?> { ["Identity:Bootstrap:PasswordFile"] = file };
        await host.StartAsync(settings);
        var hash = (await host.UserAsync("admin")).PasswordHash;
        File.Delete(file);

        await host.StartAsync(settings);

        Assert.False(File.Exists(file));
        Assert.Equal(1, await host.WithDbAsync((db, _) => db.Users.CountAsync(Ct)));
        Assert.Equal(hash, (await host.UserAsync("admin")).PasswordHash);
    }

    [Fact]
    public async Task Root_region_of_the_bootstrap_is_configurable()
    {
        await using var host = await EmptyHost.CreateAsync();

        await host.StartAsync(new Dictionary<string, string?>
        {
            ["Identity:Bootstrap:PasswordFile"] = Path.Combine(TestFolder.Create("bootstrap"), "admin.txt"),
            ["Identity:Bootstrap:RegionCode"] = "150000",
            ["Identity:Bootstrap:RegionName"] = "内蒙古自治区",
        });

        Assert.Equal(["150000内蒙古自治区"], await host.WithDbAsync((db, _) => db.Regions.Select(r => r.Code + r.Name).ToListAsync(Ct)));
    }

    [Fact]
    public async Task Without_a_password_file_outside_demo_mode_nothing_is_created()
    {
        await using var host = await EmptyHost.CreateAsync();

        await host.StartAsync(new Dictionary<string, string?>());

        Assert.Equal((0, 0), await host.WithDbAsync(async (db, _) => (await db.Regions.CountAsync(Ct), await db.Users.CountAsync(Ct))));
    }

    [Fact]
    public async Task Replicas_seeding_at_once_seed_the_demo_province_once()
    {
        await using var host = await EmptyHost.CreateAsync();
        var factory = await host.StartAsync(new Dictionary<string, string?>());
        var demo = new SeedOptions { DemoEnabled = true, DemoPassword = DirectoryHost.DemoPassword };
        var replicas = Enumerable.Range(0, 2)
            .Select(_ => ActivatorUtilities.CreateInstance<DirectorySeeder>(factory.Services, demo))
            .ToList();

        await Task.WhenAll(replicas.Select(seeder => seeder.SeedAsync(Ct)));

        var accounts = DemoProvince.Build().Accounts.Count;
        Assert.Equal((14, accounts), await host.WithDbAsync(async (db, _) => (await db.Regions.CountAsync(Ct), await db.Users.CountAsync(Ct))));
    }

    /// <summary>A host on an empty, migrated database; the tests start identity themselves.</summary>
    private sealed class EmptyHost : DirectoryHost
    {
        protected override bool Demo => false;

        protected override string DatabasePrefix => "identity_bootstrap";

        public static async Task<EmptyHost> CreateAsync()
        {
            var host = new EmptyHost();
            await host.InitializeAsync();
            return host;
        }
    }
}
