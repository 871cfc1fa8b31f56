using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Apis;
using Platform.Targets.Model;

namespace Platform.Targets.Infrastructure;

/// <summary>Which sets a caller sees, and the sets as the API shows them.</summary>
public static class TargetSetQueries
{
    public const string AuditEntity = "target-set";

    /// <summary>
    /// The sets <paramref name="caller"/> may see, on top of the region filter: finance staff and services everything
    /// in their region scope; a department filer their department's sets (its own and its units'); a unit filer its
    /// own; an overseer (人大, 审计) the 重点 sets from approval on and everything published; anyone else nothing.
    /// </summary>
    public static IQueryable<TargetSet> VisibleSets(this TargetsDb db, Caller caller, bool tracking = false)
    {
        var sets = tracking ? db.TargetSets : db.TargetSets.AsNoTracking();
        if (caller.ScopePrefix is { Length: >= 6 } own)
        {
            // A county (or zone) has no region below it: its scope is its own code. Said as an equality, the
            // planner reads a page of the review list in index order instead of sorting the county's sets.
            sets = sets.Where(s => s.RegionCode == own);
        }
        if (caller.IsUnrestricted || caller.IsInAnyRole(PlatformPolicies.FinanceStaffRoles))
        {
            return sets;
        }
        Expression<Func<TargetSet, bool>>? visible = null;
        if (caller.IsInRole(PlatformRoles.DepartmentFiler) && caller.OrganisationId is { } department)
        {
            visible = Or(visible, s => s.DepartmentId == department);
        }
        if (caller.IsInRole(PlatformRoles.UnitFiler) && caller.OrganisationId is { } unit)
        {
            visible = Or(visible, s => s.UnitId == unit);
        }
        if (caller.IsInRole(PlatformRoles.Overseer))
        {
            string[] approved = [.. TargetSetStates.ApprovedOrLater];
            visible = Or(visible, s => s.Status == TargetSetStates.Published || (s.IsKey && approved.Contains(s.Status)));
        }
        return sets.Where(visible ?? (s => false));
    }

    /// <summary>The set as the API shows it, with its indicators in order and each indicator's review comments.</summary>
    public static async Task<TargetSetDto?> FindSetDtoAsync(this TargetsDb db, IQueryable<TargetSet> sets, Guid id, bool withComments, CancellationToken ct)
    {
        var set = await sets.AsNoTracking().Include(s => s.Indicators).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (set is null)
        {
            return null;
        }
        var comments = withComments ? await db.CommentsOfAsync(set.Id, ct) : null;
        return TargetSetMapping.ToDto(set, comments);
    }

    /// <summary>Every review comment of a set, by indicator (set-level comments under <see cref="Guid.Empty"/>).</summary>
    public static async Task<ILookup<Guid, ReviewCommentDto>> CommentsOfAsync(this TargetsDb db, Guid setId, CancellationToken ct)
    {
        var rows = await db.ReviewComments.AsNoTracking().Where(c => c.SetId == setId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return rows.ToLookup(c => c.IndicatorId ?? Guid.Empty, c => new ReviewCommentDto(c.Stage, c.Comment, c.ReviewerName, c.CreatedAt));
    }

    public static IQueryable<TargetSetSummaryDto> ToSummaries(this IQueryable<TargetSet> sets) => sets.Select(s => new TargetSetSummaryDto(
        s.Id, s.OwnerType, s.ProjectId, s.OwnerName, s.Year, s.RegionCode, s.DepartmentName, s.UnitName, s.Amount,
        s.SetVersion, s.Revision, s.Status, s.IsKey, s.IndicatorCount, s.UpdatedAt, s.SubmittedAt, s.Version));

    private static Expression<Func<TargetSet, bool>> Or(Expression<Func<TargetSet, bool>>? left, Expression<Func<TargetSet, bool>> right)
    {
        if (left is null)
        {
            return right;
        }
        var parameter = left.Parameters[0];
        var body = new ParameterSwap(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<TargetSet, bool>>(Expression.OrElse(left.Body, body), parameter);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
