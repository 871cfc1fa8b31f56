using Npgsql;
using NpgsqlTypes;
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
            ActorId = caller.ActorId,
            ActorName = ActorNameOf(caller),
            OrganisationId = caller.OrganisationId,
            RegionCode = caller.RegionCode,
        });

    /// <summary>
    /// The audit rows of records a bulk import created in <paramref name="toState"/>, one per entry, written with binary
    /// COPY on <paramref name="connection"/> inside the import's own transaction (so they too are all or nothing); the
    /// actor as <see cref="RecordTransition"/> has it.
    /// </summary>
    public static async Task CopyCreationsAsync(NpgsqlConnection connection, Caller caller, string entityType, string toState,
        IEnumerable<(string EntityId, string Comment)> entries, DateTimeOffset occurredAt, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY audit_entries (entity_type, entity_id, from_state, to_state, comment, actor_id, actor_name, organisation_id,
                region_code, occurred_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        var actorId = caller.ActorId;
        var actorName = ActorNameOf(caller);
        foreach (var (entityId, comment) in entries)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(entityType, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(entityId, NpgsqlDbType.Varchar, ct);
            await writer.WriteNullAsync(ct);
            await writer.WriteAsync(toState, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(comment, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(actorId, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(actorName, NpgsqlDbType.Varchar, ct);
            await writer.WriteNullableAsync(caller.OrganisationId, NpgsqlDbType.Varchar, ct);
            await writer.WriteNullableAsync(caller.RegionCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(occurredAt, NpgsqlDbType.TimestampTz, ct);
        }
        await writer.CompleteAsync(ct);
    }

    private static string ActorNameOf(Caller caller) => Truncate(caller.Name ?? caller.UserName ?? caller.ClientId ?? "系统", 128);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
