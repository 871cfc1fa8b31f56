using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Infrastructure;

namespace Platform.Identity.Oidc.Tokens;

/// <summary>What tokens and userinfo say about a user: the account, its organisation and region, and its roles.</summary>
public sealed record UserClaims(
    Guid UserId,
    string UserName,
    string DisplayName,
    Guid OrganisationId,
    string OrganisationName,
    string OrganisationKind,
    Guid? ParentOrganisationId,
    string? ParentOrganisationName,
    string RegionCode,
    string RegionName,
    string RegionLevel,
    IReadOnlyList<string> Roles,
    string SecurityStamp,
    bool CanSignIn)
{
    public string Subject => UserId.ToString();

    /// <summary>The profile claims (<see cref="PlatformClaims"/>) in a token or userinfo payload.</summary>
    public void AddProfileTo(IDictionary<string, object> claims)
    {
        claims[PlatformClaims.Name] = DisplayName;
        claims[PlatformClaims.PreferredUsername] = UserName;
        claims[PlatformClaims.Organisation] = OrganisationId.ToString();
        claims[PlatformClaims.OrganisationName] = OrganisationName;
        claims[PlatformClaims.OrganisationKind] = OrganisationKind;
        if (ParentOrganisationId is { } parentId)
        {
            claims[PlatformClaims.ParentOrganisation] = parentId.ToString();
            claims[PlatformClaims.ParentOrganisationName] = ParentOrganisationName ?? "";
        }
        claims[PlatformClaims.Region] = RegionCode;
        claims[PlatformClaims.RegionName] = RegionName;
        claims[PlatformClaims.RegionLevel] = RegionLevel;
        if (Roles.Count > 0)
        {
            claims[PlatformClaims.Role] = Roles.ToArray();
        }
    }

    /// <summary>
    /// Reads the user with organisation, region and roles. The directory's region filter does not apply: the provider
    /// acts for the user being signed in, not for a caller with a token.
    /// </summary>
    public static async Task<UserClaims?> LoadAsync(IdentityDb db, Guid userId, CancellationToken cancellationToken)
    {
        var row = await (
            from user in db.Users.IgnoreQueryFilters().AsNoTracking()
            join organisation in db.Organisations.IgnoreQueryFilters() on user.OrganisationId equals organisation.Id
            join region in db.Regions.IgnoreQueryFilters() on organisation.RegionCode equals region.Code
            join parent in db.Organisations.IgnoreQueryFilters() on organisation.ParentId equals parent.Id into parents
            from parent in parents.DefaultIfEmpty()
            where user.Id == userId
            select new
            {
                user.Id, user.UserName, user.DisplayName, user.SecurityStamp, user.IsActive,
                OrganisationId = organisation.Id, OrganisationName = organisation.Name, OrganisationKind = organisation.Kind,
                OrganisationActive = organisation.IsActive,
                ParentId = (Guid?)parent!.Id, ParentName = parent.Name,
                RegionCode = region.Code, RegionName = region.Name, RegionLevel = region.Level,
            }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.Role).Select(r => r.Role).ToListAsync(cancellationToken);
        return new UserClaims(
            row.Id, row.UserName ?? "", row.DisplayName, row.OrganisationId, row.OrganisationName, row.OrganisationKind,
            row.ParentId, row.ParentName, row.RegionCode, row.RegionName, row.RegionLevel, roles, row.SecurityStamp ?? "", row.IsActive && row.OrganisationActive);
    }
}
