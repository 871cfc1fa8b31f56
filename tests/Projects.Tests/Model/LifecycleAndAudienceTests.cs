using Platform.Projects.Model;
using Platform.ServiceDefaults.Scope;
using static Platform.Contracts.Projects.ProjectStates;

namespace Platform.Projects.Tests.Model;

public class LifecycleAndAudienceTests
{
    [Theory]
    [InlineData(ProjectAction.Submit, Draft, Submitted)]
    [InlineData(ProjectAction.Submit, Returned, Submitted)]
    [InlineData(ProjectAction.Route, Submitted, PreAssessing)]
    [InlineData(ProjectAction.Route, Submitted, Reviewing)]
    [InlineData(ProjectAction.CompleteExAnte, PreAssessing, Reviewing)]
    [InlineData(ProjectAction.CompleteExAnte, PreAssessing, NotSupported)]
    [InlineData(ProjectAction.CompleteExAnte, PreAssessing, Returned)]
    [InlineData(ProjectAction.Return, Reviewing, Returned)]
    [InlineData(ProjectAction.CloseReview, Reviewing, Reserved)]
    [InlineData(ProjectAction.CloseReview, Reviewing, NotSupported)]
    [InlineData(ProjectAction.Admit, Reviewing, Reserved)]
    [InlineData(ProjectAction.Budget, Reserved, Budgeted)]
    [InlineData(ProjectAction.Approve, Budgeted, Approved)]
    public void The_lifecycle_allows_its_steps(ProjectAction action, string from, string to) =>
        Assert.True(ProjectLifecycle.Allows(action, from, to));

    [Theory]
    [InlineData(ProjectAction.Submit, Reviewing, Submitted)]
    [InlineData(ProjectAction.Route, Draft, Reviewing)]
    [InlineData(ProjectAction.Budget, Reviewing, Budgeted)]
    [InlineData(ProjectAction.Budget, Draft, Budgeted)]
    [InlineData(ProjectAction.Approve, Reserved, Approved)]
    [InlineData(ProjectAction.Admit, PreAssessing, Reserved)]
    [InlineData(ProjectAction.Admit, Draft, Reserved)]
    [InlineData(ProjectAction.Return, Reserved, Returned)]
    [InlineData(ProjectAction.CompleteExAnte, Reviewing, Reviewing)]
    public void The_lifecycle_refuses_everything_else(ProjectAction action, string from, string to) =>
        Assert.False(ProjectLifecycle.Allows(action, from, to));

    [Theory]
    [InlineData(Draft, true)]
    [InlineData(Returned, true)]
    [InlineData(Submitted, false)]
    [InlineData(Reviewing, false)]
    [InlineData(Reserved, false)]
    public void Only_the_filer_s_states_are_editable(string state, bool editable) =>
        Assert.Equal(editable, ProjectLifecycle.IsEditable(state));

    [Fact]
    public void Each_action_is_taken_only_by_its_roles()
    {
        Assert.True(ProjectLifecycle.MayAct(ProjectAction.Submit, TestUsers.YuxianUnitFiler.Caller));
        Assert.False(ProjectLifecycle.MayAct(ProjectAction.Submit, TestUsers.YuxianPerformanceOfficer.Caller));
        Assert.True(ProjectLifecycle.MayAct(ProjectAction.Return, TestUsers.YuxianBusinessReviewer.Caller));
        Assert.False(ProjectLifecycle.MayAct(ProjectAction.Return, TestUsers.YuxianDepartmentFiler.Caller));
        Assert.True(ProjectLifecycle.MayAct(ProjectAction.CompleteExAnte, TestUsers.YuxianExpert.Caller));
        Assert.True(ProjectLifecycle.MayAct(ProjectAction.CompleteExAnte, TestUsers.AgencyStaff.Caller));
        Assert.True(ProjectLifecycle.MayAct(ProjectAction.Budget, TestUsers.YuxianBudgetOfficer.Caller));
        Assert.False(ProjectLifecycle.MayAct(ProjectAction.Budget, TestUsers.YuxianPerformanceOfficer.Caller));
        Assert.False(ProjectLifecycle.MayAct(ProjectAction.Admit, TestUsers.YuxianPerformanceOfficer.Caller));
        Assert.True(ProjectLifecycle.MayAct(ProjectAction.Admit, Caller.System));
        Assert.False(ProjectLifecycle.MayAct(ProjectAction.Budget, TestUsers.YuxianOverseer.Caller));
    }

    [Fact]
    public void Finance_staff_overseers_and_experts_see_the_region_filers_only_their_department_or_unit()
    {
        Assert.Equal(ProjectReach.Region, ProjectAudience.Of(TestUsers.YuxianPerformanceOfficer.Caller).Reach);
        Assert.Equal(ProjectReach.Region, ProjectAudience.Of(TestUsers.YuxianOverseer.Caller).Reach);
        Assert.Equal(ProjectReach.Region, ProjectAudience.Of(TestUsers.YuxianExpert.Caller).Reach);
        Assert.Equal(new ProjectAudience(ProjectReach.Department, TestUsers.YuxianEducation), ProjectAudience.Of(TestUsers.YuxianDepartmentFiler.Caller));
        Assert.Equal(new ProjectAudience(ProjectReach.Unit, TestUsers.YuxianSchool), ProjectAudience.Of(TestUsers.YuxianUnitFiler.Caller));
        Assert.Equal(ProjectReach.ExAnte, ProjectAudience.Of(TestUsers.AgencyStaff.Caller).Reach);
        Assert.Equal(ProjectReach.None, ProjectAudience.Of(Caller.Anonymous).Reach);
    }
}
