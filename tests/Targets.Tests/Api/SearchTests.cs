using System.Net;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

/// <summary>The keyword of the review list: a literal, case-insensitive part of the name, in Chinese and in Latin letters.</summary>
public sealed class SearchTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    private async Task<List<string>> Names(string keyword) =>
        [.. (await Read<PagedResult<TargetSetSummaryDto>>(await Get("140322.unit-filer", $"/api/targets/sets?pageSize=100&q={Uri.EscapeDataString(keyword)}"), HttpStatusCode.OK))
            .Items.Select(s => s.OwnerName)];

    [Fact]
    public async Task A_keyword_finds_names_containing_it_whatever_the_case_of_its_latin_letters_and_matches_wildcards_literally()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Create("140322.unit-filer", PolicySet($"PPP模式污水处理{tag}"));
        await Create("140322.unit-filer", PolicySet($"农村饮水安全{tag}"));
        await Create("140322.unit-filer", PolicySet($"完成率100%奖补{tag}"));

        Assert.Equal([$"PPP模式污水处理{tag}"], await Names($"ppp模式污水处理{tag}"));
        Assert.Equal([$"农村饮水安全{tag}"], await Names($"饮水安全{tag}"));
        Assert.Equal([$"完成率100%奖补{tag}"], await Names($"100%奖补{tag}"));
        Assert.Empty(await Names($"%奖补{tag}x"));
        Assert.Equal(3, (await Names(tag)).Count);
    }

    [Fact]
    public async Task The_total_is_the_same_on_a_full_page_a_short_page_and_a_page_past_the_end()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await Create("140322.unit-filer", PolicySet($"分页{tag}-{i}"));
        }

        async Task<PagedResult<TargetSetSummaryDto>> Page(int page) =>
            await Read<PagedResult<TargetSetSummaryDto>>(await Get("140322.unit-filer", $"/api/targets/sets?pageSize=2&page={page}&q={tag}"), HttpStatusCode.OK);

        var (full, shortPage, beyond) = (await Page(1), await Page(2), await Page(3));
        Assert.Equal((2, 3), (full.Items.Count, full.Total));
        Assert.Equal((1, 3), (shortPage.Items.Count, shortPage.Total));
        Assert.Equal((0, 3), (beyond.Items.Count, beyond.Total));
    }
}
