using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Projects;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>Per-region rules of the 项目库: the ex-ante trigger and pass mark, inherited from the nearest region above.</summary>
public static class RulesApi
{
    public const string EntityType = "project-rules";

    public static RouteGroupBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/projects/rules").RequireAuthorization().WithTags("Rules");
        rules.MapGet("/{regionCode}", GetRules).RequireAuthorization(ProjectPolicies.Read)
            .WithName("GetProjectRules").WithSummary("本区划项目库规则")
            .WithDescription("The region's own rules, or those inherited from the nearest region above (Inherited = true), or the defaults.");
        rules.MapPut("/{regionCode}", SaveRules).RequireAuthorization(PlatformPolicies.FinanceStaff)
            .Accepts<ProjectRulesDto>("application/json")
            .WithName("SaveProjectRules").WithSummary("设置本区划项目库规则")
            .WithDescription("Finance staff of the region or above. Version: the region's own rules' version, 0 when it has none yet.");
        return rules;
    }

    public static async Task<Results<Ok<ProjectRulesDto>, NotFound>> GetRules(string regionCode, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        if (!RegionCodes.IsWellFormed(regionCode) || !InReach(caller, regionCode))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok((await db.EffectiveRulesAsync(regionCode, ct)).ToDto());
    }

    public static async Task<Results<Ok<ProjectRulesDto>, NotFound, ValidationProblem, ProblemHttpResult>> SaveRules(
        string regionCode, JsonBody<ProjectRulesDto> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        if (!RegionCodes.IsWellFormed(regionCode) || !caller.Covers(regionCode))
        {
            return TypedResults.NotFound();
        }
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var request = body.Value!;
        var errors = Validate(request);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var row = await db.Rules.FirstOrDefaultAsync(r => r.RegionCode == regionCode, ct);
        if ((row?.Version ?? 0) != request.Version)
        {
            return ProblemResults.VersionConflict();
        }
        var before = row is null ? null : Describe(row.ExAnteRule, row.PassMark);
        if (row is null)
        {
            row = new ProjectRules { RegionCode = regionCode };
            db.Rules.Add(row);
        }
        row.ExAnteThreshold = request.ExAnteThreshold;
        row.ExAnteNewOnly = request.ExAnteNewOnly;
        row.ExAnteKinds = request.ExAnteKinds.Distinct().ToList();
        row.ExAnteFundingSources = request.ExAnteFundingSources.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();
        row.PassMark = request.PassMark;
        row.UpdatedAt = DateTimeOffset.UtcNow;
        row.UpdatedBy = caller.UserId;
        var after = Describe(row.ExAnteRule, row.PassMark);
        db.RecordTransition(caller, EntityType, regionCode, before is null ? null : "configured", "configured",
            before is null ? $"设置规则：{after}" : $"修改规则：{before} → {after}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another officer created or changed the region's rules in the meantime.
            return ProblemResults.VersionConflict();
        }
        return TypedResults.Ok((await db.EffectiveRulesAsync(regionCode, ct)).ToDto());
    }

    /// <summary>
    /// A caller reads the rules of their own region and below, and of the regions above theirs (the rules they work
    /// under are inherited from there).
    /// </summary>
    private static bool InReach(Caller caller, string regionCode) =>
        caller.Covers(regionCode) || (caller.RegionCode is { } own && RegionCodes.Ancestors(own).Contains(regionCode));

    private static FieldErrors Validate(ProjectRulesDto request)
    {
        var errors = new FieldErrors()
            .Amount("exAnteThreshold", request.ExAnteThreshold)
            .Must(ExAnteScoring.IsValidPassMark(request.PassMark), "passMark", "out_of_range",
                $"通过分数线应大于0且不超过{ExAnteScoring.MaxTotal:0.##}，最多两位小数")
            .Must(request.ExAnteKinds is { Count: > 0 }, "exAnteKinds", "required", "至少选择一种需开展事前评估的项目类型");
        if (request.ExAnteKinds is not null && request.ExAnteKinds.Any(k => !ProjectKinds.All.Contains(k)))
        {
            errors.Add("exAnteKinds", "invalid_kind", $"项目类型只能是：{ProjectFields.Choices(ProjectKinds.All, ProjectKinds.DisplayName)}");
        }
        if (request.ExAnteFundingSources is null)
        {
            errors.Add("exAnteFundingSources", "required", "资金来源列表不能为空（不限资金来源时传空数组）");
        }
        else if (request.ExAnteFundingSources.Any(s => s is null || s.Length > ProjectFields.MaxFundingSourceLength))
        {
            errors.Add("exAnteFundingSources", "invalid_format", $"资金来源不能为空且不能超过{ProjectFields.MaxFundingSourceLength}个字");
        }
        return errors;
    }

    private static string Describe(ExAnteRule rule, decimal passMark) =>
        $"{(rule.NewOnly ? "新增" : "新增及延续")}{string.Join("、", rule.Kinds.Select(ProjectKinds.DisplayName))}送审金额≥{Money.FormatWan(rule.Threshold)}"
        + $"{(rule.FundingSources.Count == 0 ? "" : "（" + string.Join("、", rule.FundingSources) + "）")}需事前评估，通过分数线{passMark:0.00}";
}
