using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Json;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>
/// Templates (精品样本): the indicators of an approved set kept by the performance office for others to start from, and
/// applying one to a draft. A region reads its own templates and those below and above it.
/// </summary>
public static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/targets/templates").RequireAuthorization(TargetsPolicies.Read).WithTags("Templates");
        templates.MapGet("/", GetTemplates)
            .WithName("GetTemplates")
            .WithSummary("精品样本列表");
        templates.MapGet("/{id:guid}", GetTemplate)
            .WithName("GetTemplate")
            .WithSummary("精品样本详情");
        templates.MapPost("/", CreateTemplate)
            .RequireAuthorization(TargetsPolicies.TemplatesWrite)
            .WithIdempotency()
            .WithName("CreateTemplate")
            .WithSummary("由审核通过的目标表生成精品样本");
        app.MapPost("/api/targets/sets/{id:guid}/apply-template", ApplyTemplate)
            .RequireAuthorization(TargetsPolicies.File)
            .WithTags("Templates")
            .WithName("ApplyTemplate")
            .WithSummary("套用精品样本")
            .WithDescription("Appends the template's indicators to a draft (an indicator whose name the draft already has is skipped).");
        return templates;
    }

    public static async Task<Results<Ok<IReadOnlyList<TemplateDto>>, ValidationProblem>> GetTemplates(
        string? q, string? ownerType, string? sector, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var errors = new FieldErrors().MaxLength("q", q, 100, "关键字").MaxLength("sector", sector, 64, "行业");
        if (ownerType is { Length: > 0 } && !TargetOwnerTypes.All.Contains(ownerType))
        {
            errors.Add("ownerType", "invalid_owner_type", "归属类型只能是 project（项目）、policy（政策）或 department（部门整体）");
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var templates = Visible(db, caller);
        if (q is { } text && text.Trim().Length > 0)
        {
            var pattern = RequestText.ContainsPattern(text);
            templates = templates.Where(t => EF.Functions.ILike(t.Name, pattern, RequestText.LikeEscape));
        }
        if (ownerType is { Length: > 0 })
        {
            templates = templates.Where(t => t.OwnerType == ownerType);
        }
        if (sector is { Length: > 0 })
        {
            templates = templates.Where(t => t.Sector == sector);
        }
        var rows = await templates.OrderByDescending(t => t.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<TemplateDto>>([.. rows.Select(ToDto)]);
    }

    public static async Task<Results<Ok<TemplateDto>, NotFound>> GetTemplate(Guid id, Caller caller, TargetsDb db, CancellationToken ct) =>
        await Visible(db, caller).FirstOrDefaultAsync(t => t.Id == id, ct) is { } template ? TypedResults.Ok(ToDto(template)) : TypedResults.NotFound();

    public static async Task<Results<Created<TemplateDto>, ValidationProblem, ProblemHttpResult>> CreateTemplate(
        CreateTemplateRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Required("name", request.Name, "样本名称")
            .MaxLength("name", request.Name, 200, "样本名称")
            .Required("sourceSetId", request.SourceSetId, "来源目标表")
            .MaxLength("sector", request.Sector, 64, "行业");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var set = await db.VisibleSets(caller).Include(s => s.Indicators).FirstOrDefaultAsync(s => s.Id == request.SourceSetId, ct);
        if (set is null)
        {
            return new FieldErrors().Add("sourceSetId", "not_found", "来源目标表不存在或不在您的管辖范围内").ToUnprocessable();
        }
        if (!TargetSetStates.ApprovedOrLater.Contains(set.Status))
        {
            return new FieldErrors().Add("sourceSetId", "not_approved", "只能用审核通过、已批复或已公开的目标表生成精品样本").ToUnprocessable();
        }
        var indicators = set.Indicators.OrderBy(i => i.Ordinal)
            .Select(i => TargetSetMapping.ToDto(i, null) with { Id = null, Comments = null }).ToList();
        var template = new Template
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            OwnerType = set.OwnerType,
            Sector = RequestText.NullIfBlank(request.Sector),
            SourceSetId = set.Id,
            Indicators = JsonSerializer.Serialize(indicators, ApiJson.Options),
            RegionCode = caller.RegionCode ?? set.RegionCode,
            CreatedBy = caller.UserId ?? "",
            CreatedAt = time.GetUtcNow(),
        };
        db.Templates.Add(template);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/targets/templates/{template.Id}", ToDto(template));
    }

    public static async Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> ApplyTemplate(
        Guid id, ApplyTemplateRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("templateId", request.TemplateId, "精品样本");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (await TargetSetsApi.LoadForStepAsync(db, caller, id, request.Version, TargetSetWorkflow.Edit, ct) is not (var set, _, var refused))
        {
            return TypedResults.NotFound();
        }
        if (refused is not null)
        {
            return refused;
        }
        var template = await Visible(db, caller).FirstOrDefaultAsync(t => t.Id == request.TemplateId, ct);
        if (template is null)
        {
            return new FieldErrors().Add("templateId", "not_found", "精品样本不存在或不在您的管辖范围内").ToUnprocessable();
        }
        var names = set.Indicators.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var ordinal = set.Indicators.Count == 0 ? 0 : set.Indicators.Max(i => i.Ordinal);
        var copies = JsonSerializer.Deserialize<List<IndicatorDto>>(template.Indicators, ApiJson.Options)!
            .Where(i => !names.Contains(i.Name))
            .Select(i => TargetSetMapping.ToEntities([i with { Id = null }], set.Id, new HashSet<Guid>())[0])
            .ToList();
        foreach (var copy in copies)
        {
            copy.Ordinal = ++ordinal;
            set.Indicators.Add(copy);
        }
        set.RecomputeTotals();
        set.UpdatedAt = time.GetUtcNow();
        return await TargetSetsApi.SaveAsync(db, set, caller, ct);
    }

    /// <summary>Templates of the caller's region and below, and of the regions above it.</summary>
    private static IQueryable<Template> Visible(TargetsDb db, Caller caller)
    {
        if (caller.IsUnrestricted)
        {
            return db.Templates.AsNoTracking();
        }
        var prefix = caller.ScopePrefix;
        string[] above = caller.RegionCode is { } region ? [.. Regions.SelfAndAncestors(region)] : [];
        return db.Templates.IgnoreQueryFilters([RegionScopeModel.FilterName]).AsNoTracking()
            .Where(t => (prefix != null && t.RegionCode.StartsWith(prefix)) || above.Contains(t.RegionCode));
    }

    private static TemplateDto ToDto(Template template) => new(
        template.Id, template.Name, template.OwnerType, template.Sector, template.SourceSetId,
        JsonSerializer.Deserialize<List<IndicatorDto>>(template.Indicators, ApiJson.Options)!, template.RegionCode, template.CreatedAt);
}
