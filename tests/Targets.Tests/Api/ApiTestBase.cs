using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Data;
using Platform.Testing;

namespace Platform.Targets.Tests.Api;

/// <summary>Calls and assertions the service tests share.</summary>
public abstract class ApiTestBase(TargetsHost host) : ServiceApiTests<string>(host.Client)
{
    protected TargetsHost Host { get; } = host;

    protected static IndicatorDto Quantitative(string name, decimal points, string level1 = "output", string level2 = "quantity", string? unit = "人次") =>
        new(null, level1, level2, name, "quantitative", ">=", 1000, unit, "positive", "全年培训教师人次", "培训签到表", points, null, null, null);

    protected static IndicatorDto Qualitative(string name, decimal points) =>
        new(null, "benefit", "social", name, "qualitative", null, null, null, "positive", null, null, points,
            [new("达成", 0.8m, 1m), new("部分达成", 0.5m, 0.8m), new("未达成", 0m, 0.5m)], null, null);

    protected static IReadOnlyList<IndicatorDto> ValidIndicators() => [Quantitative("培训教师人次", 60), Qualitative("教学质量提升", 40)];

    protected static SaveTargetSetRequest PolicySet(string name, IReadOnlyList<IndicatorDto>? indicators = null, bool isKey = false) =>
        new("policy", null, name, 2027, 1_500_000.00m, "提升全县教师教学能力", isKey, indicators ?? ValidIndicators(), null);

    protected async Task<TargetSetDto> Create(string filer, SaveTargetSetRequest request) =>
        await Read<TargetSetDto>(await Post(filer, "/api/targets/sets", request), HttpStatusCode.Created);

    protected async Task<TargetSetDto> Fetch(string userName, Guid id) =>
        await Read<TargetSetDto>(await Get(userName, $"/api/targets/sets/{id}"), HttpStatusCode.OK);

    protected async Task<TargetSetDto> Review(string reviewer, Guid id, string decision = "approve", string? reason = null,
        IReadOnlyList<IndicatorCommentRequest>? comments = null) =>
        await Read<TargetSetDto>(await Post(reviewer, $"/api/targets/sets/{id}/review", new ReviewDecisionRequest(decision, reason, comments, null)), HttpStatusCode.OK);

    protected Task<List<AuditEntry>> AuditOf(Guid id) => Host.WithDbAsync(db =>
        db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "target-set" && a.EntityId == id.ToString()).OrderBy(a => a.Id).ToListAsync(Ct));

    protected async Task<List<OutboxMessage>> OutboxOf(Guid setId) =>
        [.. (await Host.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.CreatedAt).ToListAsync(Ct)))
            .Where(m => m.Payload.Contains(setId.ToString(), StringComparison.Ordinal))];
}
