using Platform.Contracts.Projects;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Infrastructure;

/// <summary>Moving a project through its lifecycle: the one place that changes its state, always with an audit row.</summary>
public static class ProjectTransitions
{
    public const string EntityType = "project";

    /// <summary>
    /// Moves <paramref name="project"/> to <paramref name="to"/> by <paramref name="action"/> and appends the audit row
    /// (saved with the change). Handlers check <see cref="ProjectLifecycle.CanStart"/> first and refuse with 422; a
    /// step outside the lifecycle here is a defect.
    /// </summary>
    public static void Move(this ProjectsDb db, Project project, ProjectAction action, string to, Caller caller, string? comment)
    {
        if (!ProjectLifecycle.Allows(action, project.Status, to))
        {
            throw new InvalidOperationException($"{action} cannot move project {project.Id} from {project.Status} to {to}.");
        }
        var from = project.Status;
        project.Status = to;
        project.UpdatedAt = DateTimeOffset.UtcNow;
        db.RecordTransition(caller, EntityType, project.Id.ToString(), from, to, comment);
    }

    /// <summary>Records a fact about the project that does not move it (review done, budget blocked) in its history.</summary>
    public static void Note(this ProjectsDb db, Project project, Caller caller, string comment)
    {
        project.UpdatedAt = DateTimeOffset.UtcNow;
        db.RecordTransition(caller, EntityType, project.Id.ToString(), project.Status, project.Status, comment);
    }

    /// <summary>
    /// Admits (入库) the project when both facts are in — review done with an approved amount, target set approved —
    /// whichever arrived second calls this. Returns whether it moved.
    /// </summary>
    public static bool TryAdmit(this ProjectsDb db, Project project, ProjectAction action, Caller caller)
    {
        if (!project.IsReadyForAdmission)
        {
            return false;
        }
        db.Move(project, action, ProjectStates.Reserved, caller,
            $"评审已完成（审定{Money.FormatWan(project.ApprovedAmount!.Value)}）且绩效目标已批复，项目入库");
        return true;
    }
}
