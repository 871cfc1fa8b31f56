using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Contracts.Projects;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>事前绩效评估: the scoring form of a project in PRE_ASSESSING and its outcome.</summary>
public static class ExAnteApi
{
    public static RouteGroupBuilder MapExAnteApi(this IEndpointRouteBuilder app)
    {
        var exAnte = app.MapGroup("/api/projects/{id:guid}/ex-ante").RequireAuthorization().WithTags("Ex-ante assessment");
        exAnte.MapGet("/", GetExAnte).RequireAuthorization(ProjectPolicies.Read)
            .WithName("GetExAnte").WithSummary("事前绩效评估");
        exAnte.MapPut("/", SaveExAnte).RequireAuthorization(ProjectPolicies.Assess)
            .Accepts<SaveExAnteRequest>("application/json")
            .WithName("SaveExAnte").WithSummary("保存事前绩效评估评分").WithDescription("Only while the project is in PRE_ASSESSING.");
        exAnte.MapPost("/complete", CompleteExAnte).RequireAuthorization(ProjectPolicies.Assess)
            .Accepts<CompleteExAnteRequest>("application/json")
            .WithName("CompleteExAnte").WithSummary("完成事前绩效评估")
            .WithDescription("SUPPORTED / SUPPORTED_AFTER_ADJUSTMENT need every dimension scored and the total at or above the pass mark (→ REVIEWING); NOT_SUPPORTED → NOT_SUPPORTED; RETURNED → RETURNED.");
        return exAnte;
    }

    public static async Task<Results<Ok<ExAnteAssessmentDto>, NotFound>> GetExAnte(Guid id, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var project = await db.VisibleProjects(caller).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        var assessment = await db.ExAnteAssessments.AsNoTracking().Include(e => e.Scores).FirstOrDefaultAsync(e => e.ProjectId == id, ct);
        var passMark = assessment?.PassMark ?? (await db.EffectiveRulesAsync(project.RegionCode, ct)).PassMark;
        return TypedResults.Ok(assessment.ToDto(project, passMark));
    }

    public static async Task<Results<Ok<ExAnteAssessmentDto>, NotFound, ValidationProblem, ProblemHttpResult>> SaveExAnte(
        Guid id, JsonBody<SaveExAnteRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var (project, assessment, refused) = await LoadForAssessmentAsync(db, id, caller, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var request = body.Value!;
        var errors = ExAnteScoring.Validate(request.Scores ?? [])
            .Required("version", request.Version, "版本号")
            .MaxLength("engagementRef", request.EngagementRef, 128, "委托编号");
        if (request.AssessorKind is not null && !ExAnteAssessorKinds.All.Contains(request.AssessorKind))
        {
            errors.Add("assessorKind", "invalid_kind", $"评估主体只能是：{ProjectFields.Choices(ExAnteAssessorKinds.All, ExAnteAssessorKinds.DisplayName)}");
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (refused is not null)
        {
            return refused.As<Results<Ok<ExAnteAssessmentDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        if (request.Version != assessment!.Version)
        {
            return ProblemResults.VersionConflict();
        }
        foreach (var score in request.Scores ?? [])
        {
            var row = assessment.Scores.FirstOrDefault(s => s.Dimension == score.Dimension);
            if (row is null)
            {
                row = new ExAnteScore { ProjectId = project.Id, Dimension = score.Dimension, RegionCode = project.RegionCode };
                assessment.Scores.Add(row);
            }
            row.MaxPoints = ExAnteScoring.MaxPoints(score.Dimension);
            row.Points = score.Points;
            row.Comment = RequestText.NullIfBlank(score.Comment);
            row.Evidence = RequestText.NullIfBlank(score.Evidence);
        }
        assessment.AssessorKind = request.AssessorKind ?? assessment.AssessorKind ?? AssessorKindOf(caller);
        assessment.AssessorName = caller.Name ?? caller.UserName;
        assessment.EngagementRef = RequestText.NullIfBlank(request.EngagementRef) ?? assessment.EngagementRef;
        // Touch the assessment row so its version moves with its scores.
        assessment.UpdatedAt = DateTimeOffset.UtcNow;
        if (await ProjectsApi.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(assessment.ToDto(project, assessment.PassMark));
    }

    public static async Task<Results<Ok<ExAnteAssessmentDto>, NotFound, ValidationProblem, ProblemHttpResult>> CompleteExAnte(
        Guid id, JsonBody<CompleteExAnteRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var (project, assessment, refused) = await LoadForAssessmentAsync(db, id, caller, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var request = body.Value!;
        var errors = new FieldErrors()
            .Required("outcome", request.Outcome, "评估结论")
            .Required("conclusion", request.Conclusion, "评估意见")
            .MaxLength("conclusion", request.Conclusion, 4000, "评估意见");
        if (request.Outcome is not null && !ExAnteOutcomes.All.Contains(request.Outcome))
        {
            errors.Add("outcome", "invalid_outcome", $"评估结论只能是：{ProjectFields.Choices(ExAnteOutcomes.All, ExAnteOutcomes.DisplayName)}");
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (refused is not null)
        {
            return refused.As<Results<Ok<ExAnteAssessmentDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        if (request.Version is { } version && version != assessment!.Version)
        {
            return ProblemResults.VersionConflict();
        }
        var outcome = request.Outcome!;
        if (outcome is ExAnteOutcomes.Supported or ExAnteOutcomes.SupportedAfterAdjustment
            && PassFailure(assessment!) is { HasErrors: true } failed)
        {
            return failed.ToUnprocessable(detail: "评分未完成或总分未达到通过分数线，不能予以支持。", code: "ex_ante_not_passed");
        }
        var to = outcome switch
        {
            ExAnteOutcomes.NotSupported => ProjectStates.NotSupported,
            ExAnteOutcomes.Returned => ProjectStates.Returned,
            _ => ProjectStates.Reviewing,
        };
        var conclusion = request.Conclusion!.Trim();
        assessment!.Outcome = outcome;
        assessment.Conclusion = conclusion;
        assessment.CompletedAt = DateTimeOffset.UtcNow;
        assessment.UpdatedAt = DateTimeOffset.UtcNow;
        assessment.AssessorName ??= caller.Name ?? caller.UserName;
        assessment.AssessorKind ??= AssessorKindOf(caller);
        project.ExAnteOutcome = outcome;
        var total = ExAnteScoring.Total(assessment.Scores.Select(s => s.Points));
        db.Move(project, ProjectAction.CompleteExAnte, to, caller,
            $"事前绩效评估：{ExAnteOutcomes.DisplayName(outcome)}（总分{total:0.00}，通过分数线{assessment.PassMark:0.00}）。{conclusion}");
        if (await ProjectsApi.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(assessment.ToDto(project, assessment.PassMark));
    }

    /// <summary>Why the assessment does not pass yet: dimensions unscored, or the total under the pass mark.</summary>
    private static FieldErrors PassFailure(ExAnteAssessment assessment)
    {
        var errors = new FieldErrors();
        foreach (var dimension in ExAnteScoring.Missing(assessment.Scores.Select(s => (s.Dimension, s.Points))))
        {
            errors.Add($"scores.{dimension}", "not_scored", $"“{ExAnteDimensions.DisplayName(dimension)}”尚未评分");
        }
        var total = ExAnteScoring.Total(assessment.Scores.Select(s => s.Points));
        if (!errors.HasErrors && !ExAnteScoring.Passes(total, assessment.PassMark))
        {
            errors.Add("total", "below_pass_mark", $"总分{total:0.00}低于通过分数线{assessment.PassMark:0.00}，只能不予支持或退回");
        }
        return errors;
    }

    /// <summary>
    /// The project (null: 404) and its assessment, tracked, with the reason the caller may not score it now: only a
    /// project in PRE_ASSESSING with an assessment (422 invalid_state otherwise).
    /// </summary>
    private static async Task<(Project? Project, ExAnteAssessment? Assessment, Refusal? Refused)> LoadForAssessmentAsync(
        ProjectsDb db, Guid id, Caller caller, CancellationToken ct)
    {
        var project = await db.FindVisibleAsync(id, caller, ct);
        if (project is null)
        {
            return (null, null, null);
        }
        var assessment = await db.ExAnteAssessments.Include(e => e.Scores).FirstOrDefaultAsync(e => e.ProjectId == id, ct);
        if (project.Status != ProjectStates.PreAssessing || assessment is null)
        {
            return (project, assessment, ProjectProblems.Rule(ProjectProblems.InvalidState,
                $"当前状态为“{ProjectStates.DisplayName(project.Status)}”，只有事前评估中的项目可以评分"));
        }
        return (project, assessment, null);
    }

    private static string AssessorKindOf(Caller caller) =>
        caller.IsInRole(PlatformRoles.AgencyStaff) ? ExAnteAssessorKinds.Agency
        : caller.IsInRole(PlatformRoles.Expert) ? ExAnteAssessorKinds.Expert
        : ExAnteAssessorKinds.Finance;
}
