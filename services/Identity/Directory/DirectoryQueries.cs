using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Directory;

/// <summary>
/// Reads of the directory as the API returns them. Every query starts from the filtered sets, so it sees the ambient
/// caller's region and below; users are visible through their organisation.
/// </summary>
public static class DirectoryQueries
{
    /// <summary>Users whose organisation the caller can see.</summary>
    public static IQueryable<PlatformUser> VisibleUsers(this IdentityDb db) =>
        db.Users.Where(u => db.Organisations.Any(o => o.Id == u.OrganisationId));

    /// <summary>The scope prefix of a region the caller can see; null when it is unknown or outside the caller's scope.</summary>
    public static async Task<string?> VisibleRegionPrefixAsync(this IdentityDb db, string code, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
        return region is null ? null : Caller.PrefixOf(region.Code, region.Level);
    }

    /// <summary>The organisations of <paramref name="ids"/> the caller can see, in the order of <paramref name="ids"/>.</summary>
    public static async Task<List<OrganisationDto>> OrganisationDtosAsync(this IdentityDb db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var rows = await (
            from o in db.Organisations.AsNoTracking()
            join r in db.Regions on o.RegionCode equals r.Code
            join p in db.Organisations on o.ParentId equals p.Id into parents
            from p in parents.DefaultIfEmpty()
            where ids.Contains(o.Id)
            select new OrganisationDto(
                o.Id, o.Name, o.Kind, o.RegionCode, r.Name, o.ParentId, p == null ? null : p.Name, o.CreditCode, o.IsActive,
                db.Users.Count(u => u.OrganisationId == o.Id))).ToListAsync(ct);
        return InOrder(rows, ids, o => o.Id);
    }

    public static async Task<OrganisationDto?> FindOrganisationDtoAsync(this IdentityDb db, Guid id, CancellationToken ct) =>
        (await db.OrganisationDtosAsync([id], ct)).SingleOrDefault();

    /// <summary>
    /// The users of <paramref name="ids"/> the caller can see (their organisation is in scope), with organisation, region
    /// and roles, in the order of <paramref name="ids"/>.
    /// </summary>
    public static async Task<List<UserDto>> UserDtosAsync(this IdentityDb db, IReadOnlyList<Guid> ids, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await (
            from u in db.Users.AsNoTracking()
            join o in db.Organisations on u.OrganisationId equals o.Id
            join r in db.Regions on o.RegionCode equals r.Code
            where ids.Contains(u.Id)
            select new
            {
                u.Id, u.UserName, u.DisplayName, u.Email, u.PhoneNumber, u.OrganisationId, OrganisationName = o.Name, o.RegionCode,
                RegionName = r.Name, u.IsActive, u.LockoutEnd, u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAt,
            }).ToListAsync(ct);
        var roles = (await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Role);
        var users = rows.Select(u => new UserDto(
            u.Id, u.UserName!, u.DisplayName, u.Email, u.PhoneNumber, u.OrganisationId, u.OrganisationName, u.RegionCode, u.RegionName,
            // Roles in the platform's order, not the database's.
            [.. PlatformRoles.All.Where(roles[u.Id].Contains)], u.IsActive, u.LockoutEnd > now, u.TwoFactorEnabled,
            u.MustChangePassword, u.CreatedAt)).ToList();
        return InOrder(users, ids, u => u.Id);
    }

    public static async Task<UserDto?> FindUserDtoAsync(this IdentityDb db, Guid id, DateTimeOffset now, CancellationToken ct) =>
        (await db.UserDtosAsync([id], now, ct)).SingleOrDefault();

    public static async Task<List<string>> RolesOfAsync(this IdentityDb db, Guid userId, CancellationToken ct) =>
        await db.UserRoles.Where(r => r.UserId == userId).Select(r => r.Role).ToListAsync(ct);

    private static List<T> InOrder<T>(IEnumerable<T> rows, IReadOnlyList<Guid> ids, Func<T, Guid> id)
    {
        var byId = rows.ToDictionary(id);
        return [.. ids.Where(byId.ContainsKey).Select(key => byId[key])];
    }
}
