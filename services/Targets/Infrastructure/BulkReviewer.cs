using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Apis;
using Platform.Targets.Model;

namespace Platform.Targets.Infrastructure;

/// <summary>
/// Bulk review (批量审核) of up to <see cref="MaxIds"/> sets: the workflow decides per set in memory, then one SQL
/// statement moves every allowed set (guarded by the state it was read in), appends their audit rows, freezes the
/// rejected revisions, writes the outbox rows for approved project sets and closes the versions they replace. One
/// statement is one transaction: all of it or nothing.
/// </summary>
public static class BulkReviewer
{
    public const int MaxIds = 1000;

    private const string Sql = """
        WITH moves AS (
            SELECT * FROM unnest(@ids, @from_states, @to_states, @comments, @stages) AS m(id, from_state, to_state, comment, stage)
        ), updated AS (
            UPDATE target_sets t
            SET status = m.to_state,
                updated_at = @now,
                approved_at = CASE WHEN m.to_state = 'APPROVED' THEN @now ELSE t.approved_at END,
                submitted_at = CASE WHEN m.to_state = 'DRAFT' THEN NULL ELSE t.submitted_at END,
                revision = CASE WHEN m.to_state = 'DRAFT' THEN t.revision + 1 ELSE t.revision END
            FROM moves m
            WHERE t.id = m.id AND t.status = m.from_state
            RETURNING t.id, t.lineage_id, t.owner_type, t.project_id, t.revision, m.from_state, m.to_state, m.comment, m.stage
        ), audit AS (
            INSERT INTO audit_entries (entity_type, entity_id, from_state, to_state, comment, actor_id, actor_name, organisation_id, region_code, occurred_at)
            SELECT 'target-set', u.id::text, u.from_state, u.to_state, u.comment, @actor_id, @actor_name, @organisation_id, @region_code, @now
            FROM updated u
        ), rejected_comments AS (
            INSERT INTO review_comments (id, set_id, indicator_id, revision, stage, comment, reviewer_id, reviewer_name, created_at)
            SELECT gen_random_uuid(), u.id, NULL, u.revision - 1, u.stage, @reason, @actor_id, @actor_name, @now
            FROM updated u WHERE u.to_state = 'DRAFT'
        ), snapshots AS (
            INSERT INTO target_set_revisions (id, set_id, lineage_id, region_code, set_version, revision, status, reason, snapshot, created_at)
            SELECT gen_random_uuid(), s.set_id, s.lineage_id, s.region_code, s.set_version, s.revision, s.status, s.reason, s.snapshot, @now
            FROM unnest(@snapshot_ids, @snapshot_lineages, @snapshot_regions, @snapshot_versions, @snapshot_revisions, @snapshot_states, @snapshot_reasons, @snapshot_documents)
                AS s(set_id, lineage_id, region_code, set_version, revision, status, reason, snapshot)
            JOIN updated u ON u.id = s.set_id
        ), outbox AS (
            INSERT INTO outbox_messages (id, type, payload, destination, created_at, next_attempt_at)
            SELECT gen_random_uuid(), @approved_type,
                jsonb_build_object('projectId', u.project_id, 'targetSetId', u.id, 'revision', u.revision, 'approvedAt', @now),
                @destination, @now, @now
            FROM updated u WHERE u.to_state = 'APPROVED' AND u.owner_type = 'project' AND u.project_id IS NOT NULL
        ), closed AS (
            UPDATE target_sets o SET status = 'CLOSED', updated_at = @now
            FROM updated u
            WHERE u.to_state = 'APPROVED' AND o.lineage_id = u.lineage_id AND o.id <> u.id AND o.status = 'ADJUSTING'
            RETURNING o.id, u.revision
        ), closed_audit AS (
            INSERT INTO audit_entries (entity_type, entity_id, from_state, to_state, comment, actor_id, actor_name, organisation_id, region_code, occurred_at)
            SELECT 'target-set', c.id::text, 'ADJUSTING', 'CLOSED', '新版本审核通过，本版本关闭', @actor_id, @actor_name, @organisation_id, @region_code, @now
            FROM closed c
        )
        SELECT id FROM updated
        """;

    public static async Task<BulkReviewResultDto> ReviewAsync(
        TargetsDb db, Caller caller, IReadOnlyList<Guid> ids, bool approve, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var failures = new Dictionary<Guid, BulkReviewFailureDto>();
        var idArray = ids.ToArray();
        var sets = await db.VisibleSets(caller).Where(s => EF.Parameter(idArray).Contains(s.Id))
            .Select(s => new { s.Id, s.Status, s.RegionCode, s.DepartmentId, s.UnitId, s.Revision })
            .ToDictionaryAsync(s => s.Id, ct);
        var actor = Actor.From(caller);
        var moves = new List<(Guid Id, string From, string To, string Stage)>();
        foreach (var id in ids)
        {
            if (!sets.TryGetValue(id, out var set))
            {
                failures[id] = new BulkReviewFailureDto(id, "not_found", "目标表不存在或不在您的管辖范围内");
                continue;
            }
            var outcome = TargetSetWorkflow.Review(new SetFacts(set.Status, set.RegionCode, set.DepartmentId, set.UnitId), actor, approve);
            if (!outcome.Allowed)
            {
                // In a batch, a set waiting for another stage is in the wrong state for this reviewer.
                failures[id] = new BulkReviewFailureDto(id, outcome.Verdict == WorkflowVerdict.Forbidden ? "invalid_state" : outcome.Code, outcome.Message);
                continue;
            }
            moves.Add((id, set.Status, outcome.To!, outcome.Stage!));
        }

        // Validation was enforced at submit; a set that fails it now (e.g. imported, then submitted before a rule
        // changed) is reported, not approved.
        var final = moves.Where(m => m.To == TargetSetStates.Approved).Select(m => m.Id).ToList();
        if (final.Count > 0)
        {
            var finalIds = final.ToArray();
            var indicators = (await db.Indicators.AsNoTracking().Where(i => EF.Parameter(finalIds).Contains(i.SetId)).ToListAsync(ct))
                .ToLookup(i => i.SetId);
            foreach (var id in final)
            {
                var errors = IndicatorRules.CheckForSubmit([.. indicators[id].OrderBy(i => i.Ordinal)], new FieldErrors());
                if (errors.HasErrors)
                {
                    var first = errors.Messages.First();
                    failures[id] = new BulkReviewFailureDto(id, "targets_invalid", $"指标不符合要求，不能审核通过：{first.Value[0]}");
                }
            }
            moves.RemoveAll(m => failures.ContainsKey(m.Id));
        }

        var snapshots = approve ? [] : await SnapshotsAsync(db, [.. moves.Select(m => m.Id)], reason!, ct);
        var updated = moves.Count == 0 ? [] : await ExecuteAsync(db, caller, moves, snapshots, approve, reason, now, ct);
        foreach (var move in moves.Where(m => !updated.Contains(m.Id)))
        {
            failures[move.Id] = new BulkReviewFailureDto(move.Id, "conflict", "目标表状态已被他人改变，请刷新后重试");
        }
        return new BulkReviewResultDto(updated.Count, [.. ids.Where(failures.ContainsKey).Select(id => failures[id])]);
    }

    private static async Task<HashSet<Guid>> ExecuteAsync(TargetsDb db, Caller caller, List<(Guid Id, string From, string To, string Stage)> moves,
        List<TargetSetRevision> snapshots, bool approve, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var comments = moves.Select(m => approve
            ? reason ?? $"{TargetSetWorkflow.StageName(m.Stage)}通过（批量）"
            : $"{TargetSetWorkflow.StageName(m.Stage)}退回（批量）：{reason}").ToArray();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = new NpgsqlCommand(Sql, connection);
                var p = command.Parameters;
                p.Add(new NpgsqlParameter<Guid[]>("ids", [.. moves.Select(m => m.Id)]));
                p.Add(new NpgsqlParameter<string[]>("from_states", [.. moves.Select(m => m.From)]));
                p.Add(new NpgsqlParameter<string[]>("to_states", [.. moves.Select(m => m.To)]));
                p.Add(new NpgsqlParameter<string[]>("comments", comments));
                p.Add(new NpgsqlParameter<string[]>("stages", [.. moves.Select(m => m.Stage)]));
                p.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
                p.Add(new NpgsqlParameter<string>("actor_id", caller.UserId ?? caller.ClientId ?? "system"));
                p.Add(new NpgsqlParameter<string>("actor_name", Truncate(caller.Name ?? caller.UserName ?? "系统", 128)));
                p.Add(new NpgsqlParameter("organisation_id", NpgsqlDbType.Varchar) { Value = (object?)caller.OrganisationId ?? DBNull.Value });
                p.Add(new NpgsqlParameter("region_code", NpgsqlDbType.Varchar) { Value = (object?)caller.RegionCode ?? DBNull.Value });
                p.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)reason ?? "" });
                p.Add(new NpgsqlParameter<Guid[]>("snapshot_ids", [.. snapshots.Select(s => s.SetId)]));
                p.Add(new NpgsqlParameter<Guid[]>("snapshot_lineages", [.. snapshots.Select(s => s.LineageId)]));
                p.Add(new NpgsqlParameter<string[]>("snapshot_regions", [.. snapshots.Select(s => s.RegionCode)]));
                p.Add(new NpgsqlParameter<int[]>("snapshot_versions", [.. snapshots.Select(s => s.SetVersion)]));
                p.Add(new NpgsqlParameter<int[]>("snapshot_revisions", [.. snapshots.Select(s => s.Revision)]));
                p.Add(new NpgsqlParameter<string[]>("snapshot_states", [.. snapshots.Select(s => s.Status)]));
                p.Add(new NpgsqlParameter<string[]>("snapshot_reasons", [.. snapshots.Select(s => s.Reason ?? "")]));
                p.Add(new NpgsqlParameter("snapshot_documents", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = snapshots.Select(s => s.Snapshot).ToArray() });
                p.Add(new NpgsqlParameter<string>("approved_type", ProjectsMessages.TargetSetApproved));
                p.Add(new NpgsqlParameter<string>("destination", ResourceNames.Projects));
                var updated = new HashSet<Guid>();
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    updated.Add(reader.GetGuid(0));
                }
                return updated;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    /// <summary>The rejected revisions as they are before the update, with their comments.</summary>
    private static async Task<List<TargetSetRevision>> SnapshotsAsync(TargetsDb db, List<Guid> ids, string reason, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var idArray = ids.ToArray();
        var sets = await db.TargetSets.AsNoTracking().Include(s => s.Indicators).Where(s => EF.Parameter(idArray).Contains(s.Id)).AsSplitQuery().ToListAsync(ct);
        var comments = (await db.ReviewComments.AsNoTracking().Where(c => EF.Parameter(idArray).Contains(c.SetId)).OrderBy(c => c.CreatedAt).ToListAsync(ct))
            .ToLookup(c => c.SetId);
        return [.. sets.Select(set => TargetSetMapping.ToRevision(set, comments[set.Id],
            $"{TargetSetWorkflow.StageName(TargetSetWorkflow.StageOf(set.Status) ?? "")}退回（批量）：{reason}"))];
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
