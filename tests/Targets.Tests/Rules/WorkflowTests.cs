using Platform.Contracts.Identity;
using Platform.Targets.Model;
using static Platform.Contracts.Targets.TargetSetStates;

namespace Platform.Targets.Tests.Rules;

public sealed class WorkflowTests
{
    private const string Department = "dept-edu";
    private const string Unit = "unit-school";
    private const string Region = "140322";

    private static SetFacts Set(string status, string? unit = Unit) => new(status, Region, Department, unit);

    private static Actor As(string role, string? organisation = null, string region = Region) => new([role], organisation, null, region);

    private static readonly Actor UnitFiler = As(PlatformRoles.UnitFiler, Unit);
    private static readonly Actor OtherUnitFiler = As(PlatformRoles.UnitFiler, "unit-other");
    private static readonly Actor DepartmentFiler = As(PlatformRoles.DepartmentFiler, Department);
    private static readonly Actor OtherDepartmentFiler = As(PlatformRoles.DepartmentFiler, "dept-other");
    private static readonly Actor BusinessReviewer = As(PlatformRoles.BusinessReviewer, "office");
    private static readonly Actor CityBusinessReviewer = As(PlatformRoles.BusinessReviewer, "office", "140300");
    private static readonly Actor PerformanceOfficer = As(PlatformRoles.PerformanceOfficer, "perf");
    private static readonly Actor BudgetOfficer = As(PlatformRoles.BudgetOfficer, "budget");
    private static readonly Actor Overseer = As(PlatformRoles.Overseer, "congress");


    [Fact]
    public void The_filing_unit_and_its_department_may_submit_a_draft()
    {
        Assert.Equal(Submitted, TargetSetWorkflow.Submit(Set(Draft), UnitFiler).To);
        Assert.Equal(Submitted, TargetSetWorkflow.Submit(Set(Draft), DepartmentFiler).To);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Submit(Set(Draft), OtherUnitFiler).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Submit(Set(Draft), OtherDepartmentFiler).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Submit(Set(Draft), PerformanceOfficer).Verdict);
    }

    [Fact]
    public void Only_a_draft_can_be_submitted_or_edited()
    {
        Assert.Equal("invalid_state", TargetSetWorkflow.Submit(Set(Submitted), UnitFiler).Code);
        Assert.Equal("invalid_state", TargetSetWorkflow.Edit(Set(FinReview), UnitFiler).Code);
        Assert.True(TargetSetWorkflow.Edit(Set(Draft), UnitFiler).Allowed);
    }

    [Theory]
    [InlineData(Issued)]
    [InlineData(Published)]
    [InlineData(Active)]
    [InlineData(Adjusting)]
    [InlineData(Closed)]
    public void Issued_versions_are_frozen(string status)
    {
        var outcome = TargetSetWorkflow.Edit(Set(status), UnitFiler);

        Assert.Equal(WorkflowVerdict.Conflict, outcome.Verdict);
        Assert.Equal("frozen", outcome.Code);
    }

    [Fact]
    public void The_department_reviews_a_submitted_set_also_when_it_filed_it_itself()
    {
        Assert.Equal(DeptReviewed, TargetSetWorkflow.Review(Set(Submitted), DepartmentFiler, approve: true).To);
        Assert.Equal(DeptReviewed, TargetSetWorkflow.Review(Set(Submitted, unit: null), DepartmentFiler, approve: true).To);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(Submitted), OtherDepartmentFiler, approve: true).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(Submitted), BusinessReviewer, approve: true).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(Submitted), UnitFiler, approve: true).Verdict);
    }

    [Fact]
    public void The_business_office_of_the_sets_region_reviews_after_the_department()
    {
        Assert.Equal(FinReview, TargetSetWorkflow.Review(Set(DeptReviewed), BusinessReviewer, approve: true).To);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(DeptReviewed), CityBusinessReviewer, approve: true).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(DeptReviewed), PerformanceOfficer, approve: true).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(DeptReviewed), DepartmentFiler, approve: true).Verdict);
    }

    [Fact]
    public void The_performance_office_approves_last()
    {
        Assert.Equal(Approved, TargetSetWorkflow.Review(Set(FinReview), PerformanceOfficer, approve: true).To);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(FinReview), BusinessReviewer, approve: true).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Review(Set(FinReview), BudgetOfficer, approve: true).Verdict);
    }

    [Theory]
    [InlineData(Submitted, PlatformRoles.DepartmentFiler, "department")]
    [InlineData(DeptReviewed, PlatformRoles.BusinessReviewer, "business")]
    [InlineData(FinReview, PlatformRoles.PerformanceOfficer, "performance")]
    public void Every_reviewer_may_reject_back_to_draft(string status, string role, string stage)
    {
        var actor = As(role, role == PlatformRoles.DepartmentFiler ? Department : "office");

        var outcome = TargetSetWorkflow.Review(Set(status), actor, approve: false);

        Assert.Equal(Draft, outcome.To);
        Assert.Equal(stage, outcome.Stage);
    }

    [Theory]
    [InlineData(Draft)]
    [InlineData(Approved)]
    [InlineData(Issued)]
    public void Sets_outside_the_review_stages_cannot_be_reviewed(string status) =>
        Assert.Equal(WorkflowVerdict.Conflict, TargetSetWorkflow.Review(Set(status), PerformanceOfficer, approve: true).Verdict);

    [Fact]
    public void The_budget_or_performance_office_issues_an_approved_set()
    {
        Assert.Equal(Issued, TargetSetWorkflow.Issue(Set(Approved), BudgetOfficer).To);
        Assert.Equal(Issued, TargetSetWorkflow.Issue(Set(Approved), PerformanceOfficer).To);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Issue(Set(Approved), BusinessReviewer).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Issue(Set(Approved), DepartmentFiler).Verdict);
        Assert.Equal(WorkflowVerdict.Conflict, TargetSetWorkflow.Issue(Set(FinReview), BudgetOfficer).Verdict);
    }

    [Fact]
    public void Finance_staff_publish_an_issued_set()
    {
        Assert.Equal(Published, TargetSetWorkflow.Publish(Set(Issued), BusinessReviewer).To);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Publish(Set(Issued), DepartmentFiler).Verdict);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Publish(Set(Issued), Overseer).Verdict);
        Assert.Equal(WorkflowVerdict.Conflict, TargetSetWorkflow.Publish(Set(Approved), PerformanceOfficer).Verdict);
    }

    [Theory]
    [InlineData(Issued, true)]
    [InlineData(Published, true)]
    [InlineData(Active, true)]
    [InlineData(Approved, false)]
    [InlineData(Draft, false)]
    [InlineData(Adjusting, false)]
    public void Only_issued_sets_can_be_adjusted(string status, bool allowed)
    {
        Assert.Equal(allowed, TargetSetWorkflow.Adjust(Set(status), UnitFiler).Allowed);
        Assert.Equal(allowed, TargetSetWorkflow.Adjust(Set(status), PerformanceOfficer).Allowed);
        Assert.Equal(WorkflowVerdict.Forbidden, TargetSetWorkflow.Adjust(Set(status), BusinessReviewer).Verdict);
    }

    [Fact]
    public void Library_entries_move_by_the_role_that_owns_each_step()
    {
        Assert.True(LibraryWorkflow.Advance("DRAFT", Department, DepartmentFiler).Allowed);
        Assert.Equal(WorkflowVerdict.Forbidden, LibraryWorkflow.Advance("DRAFT", Department, OtherDepartmentFiler).Verdict);
        Assert.True(LibraryWorkflow.Advance("DRAFT", null, PerformanceOfficer).Allowed);
        Assert.Equal("EXPERT_APPROVED", LibraryWorkflow.Advance("DEPT_CONFIRMED", Department, As(PlatformRoles.Expert)).To);
        Assert.Equal(WorkflowVerdict.Forbidden, LibraryWorkflow.Advance("DEPT_CONFIRMED", Department, PerformanceOfficer).Verdict);
        Assert.Equal("PUBLISHED", LibraryWorkflow.Advance("EXPERT_APPROVED", Department, PerformanceOfficer).To);
        Assert.Equal(WorkflowVerdict.Forbidden, LibraryWorkflow.Advance("EXPERT_APPROVED", Department, As(PlatformRoles.Expert)).Verdict);
        Assert.Equal(WorkflowVerdict.Conflict, LibraryWorkflow.Advance("PUBLISHED", Department, PerformanceOfficer).Verdict);
        Assert.Equal("new_version", LibraryWorkflow.Edit("PUBLISHED", Department, DepartmentFiler).Stage);
        Assert.Equal(WorkflowVerdict.Conflict, LibraryWorkflow.Edit("EXPERT_APPROVED", Department, DepartmentFiler).Verdict);
    }
}
