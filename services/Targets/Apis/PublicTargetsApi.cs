using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>
/// Published targets (随预算公开) for anyone, without sign-in: only PUBLISHED sets, in every region, without review
/// comments. The gateway routes <c>/api/targets/public/**</c> anonymously.
/// </summary>
public static class PublicTargetsApi
{
    public static RouteGroupBuilder MapPublicTargetsApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/api/targets/public/sets").AllowAnonymous().WithTags("PublicTargets");
        sets.MapGet("/", GetPublishedSets)
            .WithName("GetPublishedTargetSets")
            .WithSummary("公开的绩效目标表");
        sets.MapGet("/{id:guid}", GetPublishedSet)
            .WithName("GetPublishedTargetSet")
            .WithSummary("公开的绩效目标表详情");
        return sets;
    }

    public static async Task<Results<Ok<PagedResult<TargetSetSummaryDto>>, ValidationProblem>> GetPublishedSets(
        int? year, string? regionCode, string? departmentId, string? q, int? page, int? pageSize, TargetsDb db, CancellationToken ct)
    {
        var query = new SetListQuery(year, null, null, departmentId, regionCode, null, q, page, pageSize, null);
        var (paging, errors) = Paging.From(page, pageSize);
        if (TargetSetLists.Check(query, errors).HasErrors)
        {
            return errors.ToValidationProblem();
        }
        return TypedResults.Ok(await TargetSetLists.PageAsync(Published(db), query, paging, ct));
    }

    public static async Task<Results<Ok<TargetSetDto>, NotFound>> GetPublishedSet(Guid id, TargetsDb db, CancellationToken ct) =>
        await db.FindSetDtoAsync(Published(db), id, withComments: false, ct) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound();

    // Public means every region: the region filter (which hides everything from an anonymous caller) does not apply.
    private static IQueryable<TargetSet> Published(TargetsDb db) =>
        db.TargetSets.IgnoreQueryFilters([RegionScopeModel.FilterName]).AsNoTracking().Where(s => s.Status == TargetSetStates.Published);
}
