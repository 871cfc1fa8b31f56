using System.Security.Claims;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;

namespace Platform.Testing;

/// <summary>
/// A user signed in to the portal, with the claims identity puts in their access token (its TokenFactory; the demo
/// province's people in the service tests). The token is for every API the portal calls (<see cref="Audiences"/>).
/// </summary>
public sealed record PortalUser(
    string Subject, string UserName, string DisplayName, string OrganisationId, string OrganisationName, string OrganisationKind,
    string? ParentId, string? ParentName, string RegionCode, string RegionName, string RegionLevel, IReadOnlyList<string> Roles)
{
    /// <summary>The audiences of the portal's token in the service tests: the services that call each other with it.</summary>
    public static readonly IReadOnlyList<string> Audiences = [ResourceNames.Projects, ResourceNames.Targets];

    public IReadOnlyList<Claim> Claims =>
    [
        new(PlatformClaims.Subject, Subject),
        new(PlatformClaims.Name, DisplayName),
        new(PlatformClaims.PreferredUsername, UserName),
        new(PlatformClaims.ClientId, "portal"),
        new(PlatformClaims.Scope, $"openid profile {string.Join(' ', Audiences)}"),
        new(PlatformClaims.Organisation, OrganisationId),
        new(PlatformClaims.OrganisationName, OrganisationName),
        new(PlatformClaims.OrganisationKind, OrganisationKind),
        .. ParentId is null ? Array.Empty<Claim>() : [new(PlatformClaims.ParentOrganisation, ParentId), new(PlatformClaims.ParentOrganisationName, ParentName!)],
        new(PlatformClaims.Region, RegionCode),
        new(PlatformClaims.RegionName, RegionName),
        new(PlatformClaims.RegionLevel, RegionLevel),
        .. Roles.Select(role => new Claim(PlatformClaims.Role, role)),
    ];

    /// <summary>A portal token of this user from <paramref name="issuer"/>.</summary>
    public string TokenFrom(TestTokenIssuer issuer) => issuer.MintToken(Audiences, Claims);
}
