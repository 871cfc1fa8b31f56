using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Tests.Messaging;
using Platform.ServiceDefaults.Tests.Scope;

namespace Platform.ServiceDefaults.Tests.Data;

public sealed class AuditExtensionsTests
{
    [Fact]
    public void Transition_of_a_user_names_the_user_their_organisation_and_region()
    {
        using var db = Context();

        db.RecordTransition(Caller.FromPrincipal(Claims.User("140322", RegionLevels.County, PlatformRoles.UnitFiler)),
            "project", "p-1", "DRAFT", "SUBMITTED", "提交审核");

        var entry = Assert.Single(db.ChangeTracker.Entries<AuditEntry>()).Entity;
        Assert.Equal(("project", "p-1", "DRAFT", "SUBMITTED", "提交审核"), (entry.EntityType, entry.EntityId, entry.FromState, entry.ToState, entry.Comment));
        Assert.Equal(("u-1", "张三", "org-1", "140322"), (entry.ActorId, entry.ActorName, entry.OrganisationId, entry.RegionCode));
    }

    [Fact]
    public void Transition_of_a_service_or_the_system_names_the_client_or_the_system()
    {
        using var db = Context();

        db.RecordTransition(Caller.FromPrincipal(Claims.Service("targets")), "project", "p-1", null, "RESERVED", null);
        db.RecordTransition(Caller.System, "project", "p-1", "RESERVED", "BUDGETED", null);

        var entries = db.ChangeTracker.Entries<AuditEntry>().Select(e => e.Entity).OrderBy(e => e.ToState).ToList();
        Assert.Equal(("system", "系统", null), (entries[0].ActorId, entries[0].ActorName, entries[0].RegionCode));
        Assert.Equal(("targets", "targets", null), (entries[1].ActorId, entries[1].ActorName, entries[1].RegionCode));
    }

    [Fact]
    public void Actor_name_is_cut_to_its_column()
    {
        using var db = Context();
        var caller = Caller.FromPrincipal(Claims.Principal(new Claim(PlatformClaims.Subject, "u-2"), new Claim(PlatformClaims.Name, new string('名', 200))));

        db.RecordTransition(caller, "project", "p-1", null, "DRAFT", null);

        Assert.Equal(128, Assert.Single(db.ChangeTracker.Entries<AuditEntry>()).Entity.ActorName.Length);
    }

    [Fact]
    public async Task Creations_copied_in_bulk_get_one_row_each_with_the_actor_of_a_transition()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await SharedTablesDatabase.CreateAsync("audit_copy", ct);
        var caller = Caller.FromPrincipal(Claims.User("140322", RegionLevels.County, PlatformRoles.UnitFiler));
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
        {
            await AuditExtensions.CopyCreationsAsync(connection, caller, "project", "DRAFT",
                [("p-1", "导入项目（文件第2行）"), ("p-2", "导入项目（文件第3行）")], DateTimeOffset.UtcNow, ct);
        }

        using var system = CallerScope.BeginSystem();
        await using var db = new MessagingTestDb(new DbContextOptionsBuilder<MessagingTestDb>().UseNpgsql(database.DataSource).Options);
        var rows = await db.AuditEntries.AsNoTracking().OrderBy(a => a.EntityId).ToListAsync(ct);
        Assert.Equal(
            [("p-1", null, "DRAFT", "导入项目（文件第2行）"), ("p-2", null, "DRAFT", "导入项目（文件第3行）")],
            rows.Select(a => (a.EntityId, a.FromState, a.ToState, a.Comment)));
        Assert.All(rows, a => Assert.Equal(("project", "u-1", "张三", "org-1", "140322"), (a.EntityType, a.ActorId, a.ActorName, a.OrganisationId, a.RegionCode)));
    }

    private static MessagingTestDb Context() =>
        new(new DbContextOptionsBuilder<MessagingTestDb>().UseNpgsql("Host=unused.invalid").Options);
}
