using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class AdjustmentTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    [Theory]
    [InlineData("ISSUED")]
    [InlineData("PUBLISHED")]
    public async Task An_issued_version_is_frozen_against_every_write(string status)
    {
        var set = await Host.SeedSetAsync("140322.unit-filer", status);

        var put = await Put("140322.unit-filer", $"/api/targets/sets/{set.Id}",
            new SaveTargetSetRequest(null, null, "改名", null, null, null, null, null, set.Version));
        var submit = await Post("140322.unit-filer", $"/api/targets/sets/{set.Id}/submit", new TargetSetTransitionRequest(null, null));
        var template = await Post("140322.unit-filer", $"/api/targets/sets/{set.Id}/apply-template", new ApplyTemplateRequest(Guid.NewGuid(), null));

        Assert.Equal("frozen", Code(await Expect(put, HttpStatusCode.Conflict)));
        Assert.Equal("frozen", Code(await Expect(submit, HttpStatusCode.Conflict)));
        Assert.Equal("frozen", Code(await Expect(template, HttpStatusCode.Conflict)));
        Assert.Equal(set.OwnerName, (await Fetch("140322.unit-filer", set.Id)).OwnerName);
    }

    [Fact]
    public async Task Adjusting_creates_version_2_in_draft_and_freezes_version_1_until_version_2_is_approved()
    {
        var projectId = Guid.NewGuid();
        var v1 = await Host.SeedSetAsync("140322.unit-filer", "ISSUED", ownerType: "project", projectId: projectId);

        var v2 = await Read<TargetSetDto>(await Post("140322.unit-filer", $"/api/targets/sets/{v1.Id}/adjust",
            new TargetSetTransitionRequest("年中调整：培训规模扩大", null)), HttpStatusCode.Created);

        Assert.Equal((2, 1, "DRAFT"), (v2.SetVersion, v2.Revision, v2.Status));
        Assert.Equal(v1.Indicators.Select(i => i.Name), v2.Indicators.Select(i => i.Name));
        Assert.DoesNotContain(v2.Indicators, i => v1.Indicators.Any(old => old.Id == i.Id));
        Assert.Equal("ADJUSTING", (await Fetch("140322.unit-filer", v1.Id)).Status);
        var withdrawn = Assert.Single(await OutboxOf(v1.Id));
        Assert.Equal("target-set-withdrawn", withdrawn.Type);

        // Version 1 refuses writes; the project's live set is version 2.
        var write = await Put("140322.unit-filer", $"/api/targets/sets/{v1.Id}", new SaveTargetSetRequest(null, null, null, null, 2_000_000m, null, null, null, v1.Version));
        Assert.Equal("frozen", Code(await Expect(write, HttpStatusCode.Conflict)));
        Assert.Equal(v2.Id, (await Read<TargetSetDto>(await Get("140322.performance-officer", $"/api/targets/sets/by-project/{projectId}"), HttpStatusCode.OK)).Id);
        var again = await Post("140322.unit-filer", $"/api/targets/sets/{v1.Id}/adjust", new TargetSetTransitionRequest(null, null));
        Assert.Equal("invalid_state", Code(await Expect(again, HttpStatusCode.Conflict)));

        // Version 2 through the chain: when approved, version 1 closes and projects hears of the new set.
        await Expect(await Post("140322.unit-filer", $"/api/targets/sets/{v2.Id}/submit", new TargetSetTransitionRequest(null, null)), HttpStatusCode.OK);
        await Review("140322.department-filer", v2.Id);
        await Review("140322.business-reviewer", v2.Id);
        await Review("140322.performance-officer", v2.Id);

        Assert.Equal("CLOSED", (await Fetch("140322.unit-filer", v1.Id)).Status);
        var approved = Assert.Single(await OutboxOf(v2.Id), m => m.Type == "target-set-approved");
        Assert.Contains(projectId.ToString(), approved.Payload);
        var revisions = await Read<List<TargetSetRevisionDto>>(await Get("140322.unit-filer", $"/api/targets/sets/{v2.Id}/revisions"), HttpStatusCode.OK);
        Assert.Equal((1, "ISSUED"), (Assert.Single(revisions).SetVersion, revisions[0].Status));
        Assert.Equal(["ISSUED→ADJUSTING", "ADJUSTING→CLOSED"], (await AuditOf(v1.Id)).Select(a => $"{a.FromState}→{a.ToState}"));
    }

    [Fact]
    public async Task Only_one_live_set_per_project_is_allowed_by_the_database()
    {
        var projectId = Guid.NewGuid();
        await Host.SeedSetAsync("140322.unit-filer", "DRAFT", ownerType: "project", projectId: projectId);

        var second = await Record.ExceptionAsync(() => Host.SeedSetAsync("140322.unit-filer", "DRAFT", ownerType: "project", projectId: projectId));

        Assert.IsType<DbUpdateException>(second);
    }
}
