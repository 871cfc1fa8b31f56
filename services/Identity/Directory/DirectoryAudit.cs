using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Directory;

/// <summary>The audit trail of the directory: every change to a region, organisation or user appends one row.</summary>
public static class DirectoryAudit
{
    public const string RegionEntity = "region";
    public const string OrganisationEntity = "organisation";
    public const string UserEntity = "user";

    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string Created = "created";
    public const string PasswordReset = "password-reset";
    public const string Unlocked = "unlocked";

    public static string StateOf(bool isActive) => isActive ? Active : Inactive;

    /// <summary>Adds the row to <paramref name="db"/>; it is saved with the change it records.</summary>
    public static void Record(this IdentityDb db, Caller caller, string entityType, string entityId, string? fromState, string toState, string? comment) =>
        db.RecordTransition(caller, entityType, entityId, fromState, toState, comment);
}
