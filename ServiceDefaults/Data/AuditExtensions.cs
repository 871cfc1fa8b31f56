using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Data;

/// <summary>The one way every service appends to its audit trail (全过程留痕).</summary>
public static class AuditExtensions
{
    /// <summary>
    /// Adds the row for a state change of <paramref name="entityType"/> <paramref name="entityId"/> to
    /// <paramref name="db"/>; it is saved by the same SaveChanges as the change it records, so the two never part.
    /// The actor is the caller's user (or client, or kind); the organisation and region are the caller's.
    /// </summary>
    public static void RecordTransition(this ServiceDbContext db, Caller caller, string entityType, string entityId,
        string? fromState, string toState, string? comment) =>
        db.AuditEntries.Add(new AuditEntry
        {
            EntityType = entityType,
            EntityId = entityId,
            FromState = fromState,
            ToState = toState,
            Comment = comment,
            ActorId = caller.UserId ?? caller.ClientId ?? caller.Kind.ToString().ToLowerInvariant(),
            ActorName = Truncate(caller.Name ?? caller.UserName ?? caller.ClientId ?? "系统", 128),
            OrganisationId = caller.OrganisationId,
            RegionCode = caller.RegionCode,
        });

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
