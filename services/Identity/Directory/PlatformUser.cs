using Microsoft.AspNetCore.Identity;

namespace Platform.Identity.Directory;

/// <summary>
/// A person who signs in: an ASP.NET Core Identity user (password hash, lockout, security stamp, authenticator key)
/// belonging to exactly one organisation. Roles live in <see cref="UserRole"/>.
/// </summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    public Guid OrganisationId { get; set; }

    /// <summary>Set when an administrator created the account or reset its password: the next sign-in must change it.</summary>
    public bool MustChangePassword { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }
}

/// <summary>One role code (<see cref="Platform.Contracts.Identity.PlatformRoles"/>) held by a user.</summary>
public sealed class UserRole
{
    public Guid UserId { get; set; }

    public required string Role { get; set; }
}
