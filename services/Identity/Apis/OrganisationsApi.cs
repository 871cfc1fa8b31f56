using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Apis;

public static partial class OrganisationsApi
{
    public static RouteGroupBuilder MapOrganisationsApi(this IEndpointRouteBuilder api)
    {
        var organisations = api.MapGroup("/organisations").WithTags("Organisations");
        organisations.MapGet("/", GetOrganisations)
            .RequireAuthorization(DirectoryPolicies.ReadOrganisations)
            .WithName("GetOrganisations")
            .WithSummary("机构列表")
            .WithDescription("Organisations in the caller's region and below, filtered by region (and below), kind and name, a page at a time.");
        organisations.MapGet("/{id:guid}", GetOrganisation)
            .RequireAuthorization(DirectoryPolicies.ReadOrganisations)
            .WithName("GetOrganisation")
            .WithSummary("机构详情");
        organisations.MapPost("/", CreateOrganisation)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("CreateOrganisation")
            .WithSummary("新增机构");
        organisations.MapPut("/{id:guid}", UpdateOrganisation)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("UpdateOrganisation")
            .WithSummary("修改机构");
        return organisations;
    }

    public static async Task<Results<Ok<PagedResult<OrganisationDto>>, ValidationProblem>> GetOrganisations(
        IdentityDb db, string? region, string? kind, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(page, pageSize);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var query = db.Organisations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(region))
        {
            var prefix = await db.VisibleRegionPrefixAsync(region, ct);
            if (prefix is null)
            {
                return TypedResults.Ok(new PagedResult<OrganisationDto>([], 0, paging.Page, paging.PageSize));
            }
            query = query.Where(o => o.RegionCode.StartsWith(prefix));
        }
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(o => o.Kind == kind);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(o => o.Name.Contains(text));
        }
        var total = await query.CountAsync(ct);
        var ids = await query.OrderBy(o => o.RegionCode).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Skip(paging.Skip).Take(paging.PageSize).Select(o => o.Id).ToListAsync(ct);
        var items = await db.OrganisationDtosAsync(ids, ct);
        return TypedResults.Ok(new PagedResult<OrganisationDto>(items, total, paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<OrganisationDto>, NotFound>> GetOrganisation(Guid id, IdentityDb db, CancellationToken ct) =>
        await db.FindOrganisationDtoAsync(id, ct) is { } organisation ? TypedResults.Ok(organisation) : TypedResults.NotFound();

    public static async Task<Results<Created<OrganisationDto>, ValidationProblem, ProblemHttpResult>> CreateOrganisation(
        SaveOrganisationRequest request, Caller caller, IdentityDb db, CancellationToken ct)
    {
        if (await Check(request, null, caller, db, ct) is { } refused)
        {
            return refused.As<Results<Created<OrganisationDto>, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        var organisation = new Organisation
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Kind = request.Kind!,
            RegionCode = request.RegionCode!,
            ParentId = request.ParentId,
            CreditCode = RequestText.NullIfBlank(request.CreditCode),
            IsActive = request.IsActive,
        };
        db.Organisations.Add(organisation);
        db.Record(caller, DirectoryAudit.OrganisationEntity, organisation.Id.ToString(), null, DirectoryAudit.StateOf(organisation.IsActive),
            $"新增{OrganisationKinds.DisplayName(organisation.Kind)}“{organisation.Name}”（区划 {organisation.RegionCode}）");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/identity/organisations/{organisation.Id}", (await db.FindOrganisationDtoAsync(organisation.Id, ct))!);
    }

    public static async Task<Results<Ok<OrganisationDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateOrganisation(
        Guid id, SaveOrganisationRequest request, Caller caller, IdentityDb db, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null)
        {
            return TypedResults.NotFound();
        }
        if (await Check(request, organisation, caller, db, ct) is { } refused)
        {
            return refused.As<Results<Ok<OrganisationDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        var changes = new ChangeList()
            .Add("名称", organisation.Name, request.Name!.Trim())
            .Add("类型", OrganisationKinds.DisplayName(organisation.Kind), OrganisationKinds.DisplayName(request.Kind!))
            .Add("区划", organisation.RegionCode, request.RegionCode)
            .Add("上级机构", organisation.ParentId?.ToString(), request.ParentId?.ToString())
            .Add("统一社会信用代码", organisation.CreditCode, RequestText.NullIfBlank(request.CreditCode))
            .Add("状态", DirectoryAudit.StateOf(organisation.IsActive), DirectoryAudit.StateOf(request.IsActive));
        var fromState = DirectoryAudit.StateOf(organisation.IsActive);
        organisation.Name = request.Name!.Trim();
        organisation.Kind = request.Kind!;
        organisation.RegionCode = request.RegionCode!;
        organisation.ParentId = request.ParentId;
        organisation.CreditCode = RequestText.NullIfBlank(request.CreditCode);
        organisation.IsActive = request.IsActive;
        if (changes.Any)
        {
            db.Record(caller, DirectoryAudit.OrganisationEntity, organisation.Id.ToString(), fromState, DirectoryAudit.StateOf(organisation.IsActive), changes.ToString());
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok((await db.FindOrganisationDtoAsync(organisation.Id, ct))!);
    }

    /// <summary>
    /// Why <paramref name="request"/> cannot be saved (over <paramref name="existing"/> when updating), or null: 400 for
    /// malformed fields, 403 for a region outside the caller's scope, 422 for a parent that does not fit, 409 for a
    /// name already used in the region.
    /// </summary>
    private static async Task<Refusal?> Check(SaveOrganisationRequest request, Organisation? existing, Caller caller, IdentityDb db, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Required("name", request.Name, "机构名称")
            .MaxLength("name", request.Name, 128, "机构名称")
            .Required("kind", request.Kind, "机构类型")
            .Required("regionCode", request.RegionCode, "所属区划")
            .Matches("creditCode", RequestText.NullIfBlank(request.CreditCode), CreditCode(), "统一社会信用代码", "18位数字或大写字母");
        if (!string.IsNullOrWhiteSpace(request.Kind) && !OrganisationKinds.All.Contains(request.Kind))
        {
            errors.Add("kind", "invalid_kind", $"机构类型只能是：{string.Join("、", OrganisationKinds.All.Select(k => $"{k}（{OrganisationKinds.DisplayName(k)}）"))}");
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (!await db.Regions.IgnoreQueryFilters().AnyAsync(r => r.Code == request.RegionCode, ct))
        {
            return new FieldErrors().Add("regionCode", "not_found", $"区划“{request.RegionCode}”不存在").ToUnprocessable();
        }
        if (!caller.Covers(request.RegionCode))
        {
            return ProblemResults.Forbidden("只能在本级及下级区划中设立或调整机构。", "out_of_scope");
        }
        if (await CheckParent(request, existing, db, ct) is { HasErrors: true } parentErrors)
        {
            return parentErrors.ToUnprocessable();
        }
        var name = request.Name!.Trim();
        if (await db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.RegionCode == request.RegionCode && o.Name == name && o.Id != (existing == null ? Guid.Empty : existing.Id), ct))
        {
            return DirectoryProblems.Conflict("name", $"该区划下已有名为“{name}”的机构");
        }
        return null;
    }

    private static async Task<FieldErrors> CheckParent(SaveOrganisationRequest request, Organisation? existing, IdentityDb db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (existing is not null && existing.RegionCode != request.RegionCode
            && await db.Organisations.AnyAsync(o => o.ParentId == existing.Id, ct))
        {
            errors.Add("regionCode", "has_children", "该机构有下级机构，不能调整所属区划");
        }
        if (request.ParentId is not { } parentId)
        {
            return errors;
        }
        var parent = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == parentId, ct);
        if (parent is null)
        {
            return errors.Add("parentId", "not_found", "上级机构不存在或不在您的管辖范围内");
        }
        errors.Must(parent.RegionCode == request.RegionCode, "parentId", "other_region", "上级机构应与本机构在同一区划");
        if (existing is not null && await IsSelfOrBelow(db, parent, existing.Id, ct))
        {
            errors.Add("parentId", "cycle", "不能把机构设为自己或自己下级机构的下级");
        }
        return errors;
    }

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="organisationId"/> or one of its descendants.</summary>
    private static async Task<bool> IsSelfOrBelow(IdentityDb db, Organisation candidate, Guid organisationId, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        for (Organisation? current = candidate; current is not null && seen.Add(current.Id);)
        {
            if (current.Id == organisationId)
            {
                return true;
            }
            current = current.ParentId is { } next ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == next, ct) : null;
        }
        return false;
    }

    [GeneratedRegex("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
    private static partial Regex CreditCode();
}
