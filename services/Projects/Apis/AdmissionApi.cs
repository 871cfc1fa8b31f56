using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Projects;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>
/// What other services tell the 项目库 through its inbox (reliable propagation: the sender's outbox retries until it
/// is acknowledged, and a repeated Idempotency-Key is a no-op): targets approving or reopening a project's target set,
/// evaluation applying a result to a project.
/// </summary>
public static class AdmissionApi
{
    public static RouteGroupBuilder MapAdmissionApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/projects").RequireAuthorization();
        inbox.MapInbox<ProjectsDb, TargetSetApprovedMessage>(ProjectsMessages.TargetSetApproved, TargetSetApproved)
            .WithName("ReceiveTargetSetApproved")
            .WithDescription("targets → projects: the project's target set is approved; a project whose review is done becomes RESERVED.");
        inbox.MapInbox<ProjectsDb, TargetSetWithdrawnMessage>(ProjectsMessages.TargetSetWithdrawn, TargetSetWithdrawn)
            .WithName("ReceiveTargetSetWithdrawn")
            .WithDescription("targets → projects: the approved set is reopened for adjustment; the project stays where it is, no longer approved.");
        inbox.MapInbox<ProjectsDb, ResultAppliedMessage>(ProjectsMessages.ResultApplied, ResultApplied)
            .WithName("ReceiveResultApplied")
            .WithDescription("evaluation → projects: a result application; CANCEL blocks the project's budget for good.");
        return inbox;
    }

    public static async Task<IResult?> TargetSetApproved(ProjectsDb db, TargetSetApprovedMessage message, Caller caller, CancellationToken ct)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == message.ProjectId, ct);
        if (project is null)
        {
            return UnknownProject(message.ProjectId);
        }
        if (project.TargetSetApproved && project.TargetSetId == message.TargetSetId && project.TargetSetApprovedAt >= message.ApprovedAt)
        {
            // An older approval of the same set arriving late changes nothing.
            return null;
        }
        project.TargetSetId = message.TargetSetId;
        project.TargetSetStatus = "APPROVED";
        project.TargetSetApproved = true;
        project.TargetSetApprovedAt = message.ApprovedAt;
        if (!db.TryAdmit(project, ProjectAction.Admit, caller))
        {
            db.Note(project, caller, $"绩效目标已批复（第{message.Revision}次修订）");
        }
        return null;
    }

    public static async Task<IResult?> TargetSetWithdrawn(ProjectsDb db, TargetSetWithdrawnMessage message, Caller caller, CancellationToken ct)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == message.ProjectId, ct);
        if (project is null)
        {
            return UnknownProject(message.ProjectId);
        }
        if (project.TargetSetId != message.TargetSetId || !project.TargetSetApproved)
        {
            // A newer set is already the project's, or the approval never arrived: nothing to withdraw.
            return null;
        }
        project.TargetSetApproved = false;
        project.TargetSetStatus = "ADJUSTING";
        db.Note(project, caller, "绩效目标调整中，原批复暂停适用");
        return null;
    }

    public static async Task<IResult?> ResultApplied(ProjectsDb db, ResultAppliedMessage message, Caller caller, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Must(ResultDecisions.All.Contains(message.Decision), "decision", "invalid_decision", $"结果应用只能是：{string.Join("、", ResultDecisions.All)}")
            .Required("grade", message.Grade, "评价等级")
            .MaxLength("grade", message.Grade, 16, "评价等级")
            .Required("evaluationRef", message.EvaluationRef, "评价编号")
            .MaxLength("evaluationRef", message.EvaluationRef, 128, "评价编号")
            .Must(message.ReductionRate is null or (>= 0 and <= 1), "reductionRate", "out_of_range", "核减比例应在0到1之间");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == message.ProjectId, ct);
        if (project is null)
        {
            return UnknownProject(message.ProjectId);
        }
        db.ResultApplications.Add(new ResultApplication
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            ProjectCode = project.Code,
            RegionCode = project.RegionCode,
            Year = message.Year,
            Grade = message.Grade,
            Decision = message.Decision,
            ReductionRate = message.ReductionRate is { } rate ? decimal.Round(rate, 4, MidpointRounding.AwayFromZero) : null,
            Reason = RequestText.NullIfBlank(message.Reason),
            EvaluationRef = message.EvaluationRef,
            ReceivedAt = DateTimeOffset.UtcNow,
        });
        var summary = $"绩效评价结果应用（{message.EvaluationRef}，{message.Year}年度，等级{message.Grade}）：{DecisionName(message.Decision)}"
            + (message.Reason is { Length: > 0 } reason ? $"，{reason}" : "");
        if (message.Decision == ResultDecisions.Cancel)
        {
            project.BudgetBlocked = true;
            project.BudgetBlockedReason = summary;
        }
        db.Note(project, caller, summary);
        return null;
    }

    private static string DecisionName(string decision) => decision switch
    {
        ResultDecisions.Prioritise => "优先保障",
        ResultDecisions.AsIs => "据实保障",
        ResultDecisions.Reduce => "核减",
        ResultDecisions.Cancel => "取消，不得再安排预算",
        ResultDecisions.Suspend => "暂停",
        _ => decision,
    };

    /// <summary>
    /// 404 for a project this service never had: the sender's relay records it as poisoned rather than retrying forever.
    /// </summary>
    private static ProblemHttpResult UnknownProject(Guid projectId) =>
        ProblemResults.Problem(StatusCodes.Status404NotFound, "project_not_found", $"项目{projectId}不存在。");
}
