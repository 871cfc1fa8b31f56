using System.Net;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class PublicTargetsTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    [Fact]
    public async Task Published_sets_are_readable_without_a_token_and_nothing_else_is()
    {
        var published = await Host.SeedSetAsync("140322.unit-filer", "PUBLISHED", year: 2030);
        var issued = await Host.SeedSetAsync("140322.unit-filer", "ISSUED", year: 2030);
        await Host.WithDbAsync(async db =>
        {
            db.ReviewComments.Add(new Model.ReviewComment
            {
                Id = Guid.NewGuid(), SetId = published.Id, IndicatorId = published.Indicators[0].Id, Revision = 1, Stage = "business",
                Comment = "内部意见", ReviewerId = "x", ReviewerName = "审核人", CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        using var anonymous = Host.AnonymousClient();

        var list = await Read<PagedResult<TargetSetSummaryDto>>(await anonymous.GetAsync("/api/targets/public/sets?year=2030&pageSize=100", Ct), HttpStatusCode.OK);
        var one = await Read<TargetSetDto>(await anonymous.GetAsync($"/api/targets/public/sets/{published.Id}", Ct), HttpStatusCode.OK);
        var hidden = await anonymous.GetAsync($"/api/targets/public/sets/{issued.Id}", Ct);
        var internalList = await anonymous.GetAsync("/api/targets/sets", Ct);

        Assert.Equal([published.Id], list.Items.Select(s => s.Id));
        Assert.All(one.Indicators, i => Assert.Null(i.Comments));
        await Expect(hidden, HttpStatusCode.NotFound);
        await Expect(internalList, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_public_list_filters_by_region_and_name()
    {
        var yuxian = await Host.SeedSetAsync("140322.unit-filer", "PUBLISHED", year: 2029, name: "盂县农村饮水安全巩固提升");
        var pingding = await Host.SeedSetAsync("140321.unit-filer", "PUBLISHED", year: 2029, name: "平定县农村饮水安全");
        using var anonymous = Host.AnonymousClient();

        var county = await Read<PagedResult<TargetSetSummaryDto>>(await anonymous.GetAsync("/api/targets/public/sets?year=2029&regionCode=140322", Ct));
        var city = await Read<PagedResult<TargetSetSummaryDto>>(await anonymous.GetAsync("/api/targets/public/sets?year=2029&regionCode=140300&q=饮水", Ct));

        Assert.Equal([yuxian.Id], county.Items.Select(s => s.Id));
        Assert.Equal(2, city.Total);
        Assert.Contains(pingding.Id, city.Items.Select(s => s.Id));
    }
}
