using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Apis;

public static class RegionsApi
{
    public static RouteGroupBuilder MapRegionsApi(this IEndpointRouteBuilder api)
    {
        var regions = api.MapGroup("/regions").WithTags("Regions");
        regions.MapGet("/", GetRegions)
            .RequireAuthorization(DirectoryPolicies.ReadDirectory)
            .WithName("GetRegions")
            .WithSummary("区划树")
            .WithDescription("The caller's region and every region below it, as a tree, or as a flat list with ?flat=true.");
        regions.MapPost("/", CreateRegion)
            .RequireAuthorization(PlatformPolicies.Administrator)
            .WithName("CreateRegion")
            .WithSummary("新增区划")
            .WithDescription("Adds a city, county or development zone under a region the caller administers.");
        return regions;
    }

    public static async Task<Ok<List<RegionDto>>> GetRegions(IdentityDb db, bool? flat, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking().OrderBy(r => r.SortOrder).ThenBy(r => r.Code).ToListAsync(ct);
        if (flat == true)
        {
            return TypedResults.Ok(regions.Select(r => ToDto(r, [])).ToList());
        }
        var children = regions.Where(r => r.ParentCode is not null).ToLookup(r => r.ParentCode!);
        var visible = regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        RegionDto Tree(Region region) => ToDto(region, [.. children[region.Code].Select(Tree)]);
        // The caller's own region is the root: its parent is outside the scope.
        return TypedResults.Ok(regions.Where(r => r.ParentCode is null || !visible.Contains(r.ParentCode)).Select(Tree).ToList());
    }

    public static async Task<Results<Created<RegionDto>, ValidationProblem, ProblemHttpResult>> CreateRegion(
        CreateRegionRequest request, Caller caller, IdentityDb db, CancellationToken ct)
    {
        var invalid = RegionRules.Validate(request);
        if (invalid.HasErrors)
        {
            return invalid.ToValidationProblem();
        }
        var parent = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == request.ParentCode, ct);
        if (parent is null)
        {
            return new FieldErrors().Add("parentCode", "not_found", "上级区划不存在或不在您的管辖范围内").ToUnprocessable();
        }
        var misplaced = RegionRules.CheckPlacement(request, parent);
        if (misplaced.HasErrors)
        {
            return misplaced.ToUnprocessable();
        }
        if (await db.Regions.IgnoreQueryFilters().AnyAsync(r => r.Code == request.Code, ct))
        {
            return DirectoryProblems.Conflict("code", $"区划代码“{request.Code}”已存在");
        }
        var name = request.Name!.Trim();
        if (await db.Regions.AnyAsync(r => r.ParentCode == parent.Code && r.Name == name, ct))
        {
            return DirectoryProblems.Conflict("name", $"{parent.Name}下已有名为“{name}”的区划");
        }
        var region = new Region
        {
            Code = request.Code!,
            Name = name,
            Level = request.Level!,
            ParentCode = parent.Code,
            IsLocalCode = request.IsLocalCode,
            SortOrder = (await db.Regions.Where(r => r.ParentCode == parent.Code).MaxAsync(r => (int?)r.SortOrder, ct) ?? 0) + 1,
        };
        db.Regions.Add(region);
        db.Record(caller, DirectoryAudit.RegionEntity, region.Code, null, DirectoryAudit.Created,
            $"在{parent.Name}下新增{RegionLevels.DisplayName(region.Level)}区划{region.Name}（{region.Code}）");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/identity/regions/{region.Code}", ToDto(region, []));
    }

    private static RegionDto ToDto(Region region, IReadOnlyList<RegionDto> children) =>
        new(region.Code, region.Name, region.Level, region.ParentCode, region.IsLocalCode, children);
}
