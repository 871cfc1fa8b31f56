namespace Platform.Contracts.Identity;

// The identity service's administration API (/api/identity/...): the region tree, organisations and users, as the
// portal and other services see them. JSON is camelCase (ApiJson.Options).

/// <summary>A region and, when asked for as a tree, the regions under it.</summary>
public sealed record RegionDto(
    string Code,
    string Name,
    string Level,
    string? ParentCode,
    bool IsLocalCode,
    IReadOnlyList<RegionDto> Children);

/// <summary>POST /api/identity/regions: a development zone (or another region) under a parent the caller administers.</summary>
public sealed record CreateRegionRequest(string? Code, string? Name, string? Level, string? ParentCode, bool IsLocalCode);

public sealed record OrganisationDto(
    Guid Id,
    string Name,
    string Kind,
    string RegionCode,
    string RegionName,
    Guid? ParentId,
    string? ParentName,
    string? CreditCode,
    bool IsActive,
    int UserCount);

/// <summary>POST /api/identity/organisations and PUT /api/identity/organisations/{id}.</summary>
public sealed record SaveOrganisationRequest(string? Name, string? Kind, string? RegionCode, Guid? ParentId, string? CreditCode, bool IsActive = true);

public sealed record UserDto(
    Guid Id,
    string UserName,
    string DisplayName,
    string? Email,
    string? PhoneNumber,
    Guid OrganisationId,
    string OrganisationName,
    string RegionCode,
    string RegionName,
    IReadOnlyList<string> Roles,
    bool IsActive,
    bool IsLockedOut,
    bool TwoFactorEnabled,
    bool MustChangePassword,
    DateTimeOffset CreatedAt);

/// <summary>POST /api/identity/users.</summary>
public sealed record CreateUserRequest(
    string? UserName,
    string? DisplayName,
    string? Email,
    string? PhoneNumber,
    Guid? OrganisationId,
    IReadOnlyList<string>? Roles);

/// <summary>PUT /api/identity/users/{id}.</summary>
public sealed record UpdateUserRequest(
    string? DisplayName,
    string? Email,
    string? PhoneNumber,
    Guid? OrganisationId,
    IReadOnlyList<string>? Roles,
    bool IsActive = true);

/// <summary>
/// The answer to creating a user or resetting a password: the one-time password, shown once to the administrator; the
/// user must change it at the next sign-in.
/// </summary>
public sealed record OneTimePasswordResponse(UserDto User, string OneTimePassword);

/// <summary>A role the caller may see, and whether the caller may grant it.</summary>
public sealed record RoleDto(string Code, string Name, bool IsAdministrator, bool Grantable);

/// <summary>GET /api/identity/me: who the caller is, as the portal shows it.</summary>
public sealed record MeDto(
    Guid Id,
    string UserName,
    string DisplayName,
    Guid OrganisationId,
    string OrganisationName,
    string OrganisationKind,
    string RegionCode,
    string RegionName,
    string RegionLevel,
    IReadOnlyList<string> Roles,
    bool TwoFactorEnabled);
