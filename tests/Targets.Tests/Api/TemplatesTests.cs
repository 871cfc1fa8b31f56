using System.Net;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class TemplatesTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    [Fact]
    public async Task A_template_made_from_an_approved_set_is_applied_to_a_draft()
    {
        var source = await Host.SeedSetAsync("140322.unit-filer", "APPROVED");
        var template = await Read<TemplateDto>(await Post("140322.performance-officer", "/api/targets/templates",
            new CreateTemplateRequest("教师培训类精品样本", source.Id, "教育")), HttpStatusCode.Created);
        Assert.Equal(["培训人次", "教学质量提升"], template.Indicators.Select(i => i.Name));
        Assert.All(template.Indicators, i => Assert.Null(i.Id));

        var draft = await Create("140322.department-filer", PolicySet("乡村教师支持计划", [Quantitative("培训人次", 50)]));
        var applied = await Read<TargetSetDto>(await Post("140322.department-filer", $"/api/targets/sets/{draft.Id}/apply-template",
            new ApplyTemplateRequest(template.Id, draft.Version)), HttpStatusCode.OK);

        // 培训人次 exists already and is kept; 教学质量提升 is added with its bands.
        Assert.Equal(["培训人次", "教学质量提升"], applied.Indicators.Select(i => i.Name));
        Assert.Equal(50m, applied.Indicators[0].Points);
        Assert.Equal(3, applied.Indicators[1].Bands!.Count);
        Assert.Equal(90m, applied.TotalPoints);
        var found = await Read<List<TemplateDto>>(await Get("140322.unit-filer", "/api/targets/templates?q=教师培训&sector=教育"), HttpStatusCode.OK);
        Assert.Contains(template.Id, found.Select(t => t.Id));
    }

    [Fact]
    public async Task Templates_are_made_only_from_approved_sets_and_only_by_the_performance_office()
    {
        var draft = await Host.SeedSetAsync("140322.unit-filer", "FIN_REVIEW");
        var approved = await Host.SeedSetAsync("140322.unit-filer", "ISSUED");

        var fromDraft = await Post("140322.performance-officer", "/api/targets/templates", new CreateTemplateRequest("样本", draft.Id, null));
        var byReviewer = await Post("140322.business-reviewer", "/api/targets/templates", new CreateTemplateRequest("样本", approved.Id, null));

        Assert.Equal(["not_approved"], FieldCodes(await Expect(fromDraft, HttpStatusCode.UnprocessableEntity), "sourceSetId"));
        await Expect(byReviewer, HttpStatusCode.Forbidden);
    }
}
