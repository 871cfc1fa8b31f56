using Platform.Contracts.Projects;
using Platform.Projects.Model;

namespace Platform.Projects.Tests.Model;

public class ExAnteRuleTests
{
    private static readonly ExAnteRule Rule300Wan = ExAnteRule.Default;

    [Theory]
    // DOMAIN.md: trigger at 300万元, boundary included ("以上" includes the number).
    [InlineData(true, "3000000.00", true)]
    [InlineData(true, "2999999.99", false)]
    [InlineData(false, "8000000.00", false)]
    [InlineData(true, "3000000.01", true)]
    [InlineData(true, "0", false)]
    public void Default_rule_triggers_for_new_projects_at_or_above_300_wan(bool isNew, string amount, bool expected) =>
        Assert.Equal(expected, Rule300Wan.Triggers(isNew, ProjectKinds.Project, "一般公共预算", decimal.Parse(amount)));

    [Fact]
    public void Default_rule_covers_projects_and_policies_but_not_whole_department_targets()
    {
        Assert.True(Rule300Wan.Triggers(true, ProjectKinds.Policy, "一般公共预算", 3_000_000.00m));
        Assert.False(Rule300Wan.Triggers(true, ProjectKinds.Department, "一般公共预算", 30_000_000.00m));
    }

    [Fact]
    public void A_region_that_includes_continuing_projects_triggers_for_them_too()
    {
        var rule = Rule300Wan with { NewOnly = false };
        Assert.True(rule.Triggers(false, ProjectKinds.Project, "一般公共预算", 8_000_000.00m));
        Assert.False(rule.Triggers(false, ProjectKinds.Project, "一般公共预算", 2_999_999.99m));
    }

    [Fact]
    public void A_funding_source_condition_limits_the_trigger_to_those_sources()
    {
        var rule = Rule300Wan with { FundingSources = ["一般公共预算", "政府性基金预算"] };
        Assert.True(rule.Triggers(true, ProjectKinds.Project, "政府性基金预算", 3_000_000.00m));
        Assert.False(rule.Triggers(true, ProjectKinds.Project, "国有资本经营预算", 3_000_000.00m));
    }

    [Fact]
    public void The_explanation_names_the_threshold_in_wan_yuan()
    {
        Assert.Contains("300.00万元", Rule300Wan.Explain());
        Assert.Contains("新增", Rule300Wan.Explain());
    }
}
