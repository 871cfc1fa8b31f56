using System.Security.Claims;
using Platform.Contracts.Identity;

namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// Who is calling, read once from the validated access token (<see cref="PlatformClaims"/>): a user acting in their
/// organisation's region, a service calling with a client-credentials token (trusted platform-wide), the system itself
/// (background work), or nobody. "Own region and below" is <see cref="Covers"/>: a prefix match of region codes.
/// </summary>
public sealed class Caller
{
    private readonly HashSet<string> _roles;

    private Caller(CallerKind kind, IEnumerable<string> roles)
    {
        Kind = kind;
        _roles = new HashSet<string>(roles, StringComparer.Ordinal);
    }

    /// <summary>No token: covers nothing, holds no role.</summary>
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, []);

    /// <summary>The service itself doing background work (seeding, relays): unrestricted.</summary>
    public static Caller System { get; } = new(CallerKind.System, []) { UserName = "system", Name = "系统" };

    public CallerKind Kind { get; }

    /// <summary>The token's subject (<c>sub</c>): a user id, or the client id of a service.</summary>
    public string? UserId { get; private init; }

    public string? Name { get; private init; }

    public string? UserName { get; private init; }

    public string? ClientId { get; private init; }

    /// <summary>Who acted, as audit rows and import jobs record it: the subject, else the client, else the kind (<c>system</c>).</summary>
    public string ActorId => UserId ?? ClientId ?? Kind.ToString().ToLowerInvariant();

    public string? OrganisationId { get; private init; }

    public string? OrganisationName { get; private init; }

    public string? OrganisationKind { get; private init; }

    /// <summary>The organisation above the caller's (a unit's 主管部门), when the token names one.</summary>
    public string? ParentOrganisationId { get; private init; }

    public string? ParentOrganisationName { get; private init; }

    /// <summary>
    /// The department (主管部门) the caller files for: a unit's parent organisation, otherwise the caller's own. Projects
    /// and target sets are reported and reviewed by department.
    /// </summary>
    public string? DepartmentId => FilesForParent ? ParentOrganisationId : OrganisationId;

    public string? DepartmentName => FilesForParent ? ParentOrganisationName : OrganisationName;

    private bool FilesForParent => OrganisationKind == OrganisationKinds.Unit && ParentOrganisationId is not null;

    public string? RegionCode { get; private init; }

    public string? RegionName { get; private init; }

    public string? RegionLevel { get; private init; }

    public IReadOnlyCollection<string> Roles => _roles;

    /// <summary>A client-credentials token: no region, and the subject is the client itself.</summary>
    public bool IsService => Kind == CallerKind.Service;

    public bool IsUser => Kind == CallerKind.User;

    /// <summary>Sees and changes every region: a service or the system. Never a user, whatever their roles.</summary>
    public bool IsUnrestricted => Kind is CallerKind.Service or CallerKind.System;

    /// <summary>
    /// The leading characters every region code at or below the caller's region shares (14, 1403, 140322); null when
    /// the caller is unrestricted or has no usable region (then a user covers nothing).
    /// </summary>
    public string? ScopePrefix { get; private init; }

    public bool IsInRole(string role) => _roles.Contains(role);

    public bool IsInAnyRole(IEnumerable<string> roles) => roles.Any(_roles.Contains);

    /// <summary>Whether <paramref name="regionCode"/> is the caller's region or below it.</summary>
    public bool Covers(string? regionCode) =>
        IsUnrestricted || (ScopePrefix is not null && regionCode is not null && regionCode.StartsWith(ScopePrefix, StringComparison.Ordinal));

    /// <summary>The caller of a validated principal; <see cref="Anonymous"/> when it is not authenticated.</summary>
    public static Caller FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }
        var subject = principal.FindFirstValue(PlatformClaims.Subject);
        var clientId = principal.FindFirstValue(PlatformClaims.ClientId);
        var regionCode = principal.FindFirstValue(PlatformClaims.Region);
        var regionLevel = principal.FindFirstValue(PlatformClaims.RegionLevel);
        var isService = regionCode is null && clientId is not null && string.Equals(subject, clientId, StringComparison.Ordinal);
        return new Caller(isService ? CallerKind.Service : CallerKind.User, principal.FindAll(PlatformClaims.Role).Select(c => c.Value))
        {
            UserId = subject,
            Name = principal.FindFirstValue(PlatformClaims.Name),
            UserName = principal.FindFirstValue(PlatformClaims.PreferredUsername),
            ClientId = clientId,
            OrganisationId = principal.FindFirstValue(PlatformClaims.Organisation),
            OrganisationName = principal.FindFirstValue(PlatformClaims.OrganisationName),
            OrganisationKind = principal.FindFirstValue(PlatformClaims.OrganisationKind),
            ParentOrganisationId = principal.FindFirstValue(PlatformClaims.ParentOrganisation),
            ParentOrganisationName = principal.FindFirstValue(PlatformClaims.ParentOrganisationName),
            RegionCode = regionCode,
            RegionName = principal.FindFirstValue(PlatformClaims.RegionName),
            RegionLevel = regionLevel,
            ScopePrefix = isService ? null : PrefixOf(regionCode, regionLevel),
        };
    }

    /// <summary>
    /// The scope prefix of a region of <paramref name="level"/>; null (covers nothing) when the code or level is
    /// missing or unknown, so a malformed token never widens what it sees.
    /// </summary>
    public static string? PrefixOf(string? regionCode, string? level)
    {
        if (string.IsNullOrEmpty(regionCode) || level is null || !RegionLevels.All.Contains(level))
        {
            return null;
        }
        var length = RegionLevels.ScopePrefixLength(level);
        return regionCode.Length < length ? null : regionCode[..length];
    }

    public override string ToString() => Kind switch
    {
        CallerKind.User => $"user {UserId} ({RegionCode ?? "no region"})",
        CallerKind.Service => $"service {ClientId}",
        _ => Kind.ToString(),
    };
}

public enum CallerKind
{
    Anonymous,
    User,
    Service,
    System,
}
