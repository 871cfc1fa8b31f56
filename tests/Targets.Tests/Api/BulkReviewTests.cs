using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class BulkReviewTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    [Fact]
    public async Task Bulk_approval_of_1000_sets_approves_the_allowed_ones_and_reports_each_failure()
    {
        var valid = await Host.SeedManyAsync("140322.unit-filer", "FIN_REVIEW", 996);
        var wrongState = (await Host.SeedManyAsync("140322.unit-filer", "DEPT_REVIEWED", 1))[0];
        var sibling = (await Host.SeedManyAsync("140321.unit-filer", "FIN_REVIEW", 1))[0];
        var invalid = (await Host.SeedManyAsync("140322.unit-filer", "FIN_REVIEW", 1, benefitPoints: 39.99m))[0];
        var unknown = Guid.NewGuid();
        List<Guid> ids = [.. valid, wrongState, sibling, invalid, unknown];

        var clock = Stopwatch.StartNew();
        var result = await Read<BulkReviewResultDto>(await Post("140322.performance-officer", "/api/targets/sets/bulk-review",
            new BulkReviewRequest(ids, "approve", "抽查通过")), HttpStatusCode.OK);
        TestContext.Current.SendDiagnosticMessage($"bulk approval of {ids.Count} ids took {clock.ElapsedMilliseconds} ms");

        Assert.Equal(996, result.Succeeded);
        Assert.Equal(
            [(wrongState, "invalid_state"), (sibling, "not_found"), (invalid, "targets_invalid"), (unknown, "not_found")],
            result.Failed.Select(f => (f.Id, f.Code)));
        Assert.All(result.Failed, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
        var (approved, audits, outbox) = await Host.WithDbAsync(async db => (
            await db.TargetSets.CountAsync(s => ids.Contains(s.Id) && s.Status == "APPROVED", Ct),
            await db.AuditEntries.CountAsync(a => a.EntityType == "target-set" && a.ToState == "APPROVED", Ct),
            await db.OutboxMessages.CountAsync(m => m.Type == "target-set-approved", Ct)));
        Assert.Equal((996, 996, 996), (approved, audits, outbox));
        Assert.Equal("FIN_REVIEW", (await Fetch("140322.performance-officer", invalid)).Status);
    }

    [Fact]
    public async Task Bulk_rejection_keeps_each_rejected_revision_and_opens_the_next()
    {
        var ids = await Host.SeedManyAsync("140322.unit-filer", "DEPT_REVIEWED", 3);

        var noReason = await Post("140322.business-reviewer", "/api/targets/sets/bulk-review", new BulkReviewRequest(ids, "reject", null));
        var result = await Read<BulkReviewResultDto>(await Post("140322.business-reviewer", "/api/targets/sets/bulk-review",
            new BulkReviewRequest(ids, "reject", "绩效目标与预算不匹配")), HttpStatusCode.OK);

        Assert.Equal(["required"], FieldCodes(await Expect(noReason, HttpStatusCode.BadRequest), "reason"));
        Assert.Equal(3, result.Succeeded);
        var set = await Fetch("140322.unit-filer", ids[0]);
        Assert.Equal(("DRAFT", 2), (set.Status, set.Revision));
        var revision = Assert.Single(await Read<List<TargetSetRevisionDto>>(await Get("140322.unit-filer", $"/api/targets/sets/{ids[0]}/revisions"), HttpStatusCode.OK));
        Assert.Equal((1, "DEPT_REVIEWED", 2), (revision.Revision, revision.Status, revision.Snapshot.Indicators.Count));
        var audit = Assert.Single(await AuditOf(ids[0]));
        Assert.Contains("绩效目标与预算不匹配", audit.Comment);
    }

    [Fact]
    public async Task More_than_1000_ids_are_refused_and_nothing_changes()
    {
        var ids = await Host.SeedManyAsync("140322.unit-filer", "FIN_REVIEW", 1);
        var tooMany = ids.Concat(Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid())).ToList();

        var response = await Post("140322.performance-officer", "/api/targets/sets/bulk-review", new BulkReviewRequest(tooMany, "approve", null));

        Assert.Equal(["too_many"], FieldCodes(await Expect(response, HttpStatusCode.BadRequest), "ids"));
        Assert.Equal("FIN_REVIEW", (await Fetch("140322.performance-officer", ids[0])).Status);
    }
}
