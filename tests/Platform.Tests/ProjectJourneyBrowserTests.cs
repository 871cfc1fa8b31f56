using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Platform.Tests;

/// <summary>
/// Issue 4 in the portal, as the people who do it: a department files a project of 400万 (above the 300万 ex-ante
/// threshold) and its target set, 绩效科 assesses it ex ante, the target set passes 主管部门 → 业务科室 → 绩效科, 业务科室
/// reviews the amount in a batch, and the project lands in the project library (入库) — each user in a browser of
/// their own, signed in at identity, with nothing but clicks and typing.
/// </summary>
[Collection(IdentityPlatformCollection.Name)]
public sealed partial class ProjectJourneyBrowserTests(IdentityPlatformFixture platform) : IAsyncLifetime
{
    private const string DepartmentFiler = "140322.department-filer";
    private const string BusinessReviewer = "140322.business-reviewer";
    private const string PerformanceOfficer = "140322.performance-officer";

    /// <summary>How long one step may wait for the platform (a busy two-core machine runs all of it).</summary>
    private const float Patience = 20_000;

    /// <summary>Refusals the journey provokes on purpose; any other 4xx/5xx from the API fails the test.</summary>
    private static readonly (int Status, Regex Path)[] ExpectedRefusals =
    [
        (422, ProjectSubmitPath()), // submitting without a target set
        (404, TargetSetOfProjectPath()), // the editor asking whether the project has a set yet
    ];

    private PortalBrowser _browser = null!;

    /// <summary>What the browsers reported (their events arrive on Playwright's own thread).</summary>
    private readonly ConcurrentQueue<string> _problems = new();

    public async ValueTask InitializeAsync() => _browser = await PortalBrowser.LaunchAsync(platform);

    [Fact(Timeout = 240_000)]
    public async Task A_department_files_a_project_with_targets_and_finance_carries_it_through_ex_ante_and_review_to_the_library()
    {
        var name = $"盂县教育局智慧校园建设（{Guid.NewGuid():N}）";

        // 1. 主管部门 files the project, is refused for want of targets, files them and submits both.
        var filer = await SignedInPageAsync(DepartmentFiler, "/projects/declaration");
        var projectId = await StepAsync(filer, "file-project", () => FileProjectAsync(filer, name));
        await StepAsync(filer, "submit-without-targets", () => SubmitWithoutTargetsAsync(filer));
        var setId = await StepAsync(filer, "file-targets", () => FileTargetSetAsync(filer, name));
        await StepAsync(filer, "submit-project", () => SubmitProjectAsync(filer, projectId));

        // 2. 绩效科 scores the ex-ante assessment: 5 × 18 = 90 ≥ 85, 予以支持.
        var officer = await SignedInPageAsync(PerformanceOfficer, $"/projects/{projectId}?tab=ex-ante");
        await StepAsync(officer, "ex-ante", () => AssessExAnteAsync(officer));

        // 3. The target set through its three reviews: 主管部门 in the queue, 业务科室 in the editor, 绩效科 in bulk.
        await StepAsync(filer, "targets-department", () => ApproveInQueueAsync(filer, name));
        var reviewer = await SignedInPageAsync(BusinessReviewer, "/targets/management?tab=queue");
        await StepAsync(reviewer, "targets-business", () => ApproveInEditorAsync(reviewer, name, setId));
        await StepAsync(officer, "targets-performance", () => ApproveInBulkAsync(officer, name, setId));

        // 4. 业务科室's budget review: 审定 350.00 of 400.00 万元, batch closed.
        await StepAsync(reviewer, "review-batch", () => ReviewInBatchAsync(reviewer, name, projectId));

        // 5. The filer sees the project in the library once the approval has travelled (outbox, asynchronous).
        await StepAsync(filer, "reserved", () => SeeReservedAsync(filer, projectId));

        Assert.True(_problems.IsEmpty, string.Join(Environment.NewLine, _problems));
    }

    private async Task<Guid> FileProjectAsync(IPage page, string name)
    {
        await page.GetByTestId("project-create").ClickAsync();
        await ExpectVisibleAsync(page.GetByTestId("project-form"));
        // Year, kind (项目), 新增, funding and period start from the form's defaults (next year, a new project).
        await page.GetByTestId("project-field-name").FillAsync(name);
        await page.GetByTestId("project-field-amount").FillAsync("400.00");
        await page.GetByTestId("project-field-description").FillAsync("为全县中小学建设智慧教室和校园网络，改善信息化教学条件");
        await page.GetByTestId("project-field-contact-name").FillAsync("李老师");
        await page.GetByTestId("project-field-contact-phone").FillAsync("0353-6012345");
        await page.GetByTestId("project-save").ClickAsync();

        await page.WaitForURLAsync(ProjectPagePath(), new() { Timeout = Patience });
        await ExpectTextAsync(page.GetByTestId("project-title"), name);
        await ExpectTextAsync(page.GetByTestId("project-status"), "草稿");
        await ExpectTextAsync(page.GetByTestId("project-requested"), "400.00");
        return Guid.Parse(ProjectPagePath().Match(page.Url).Groups["id"].Value);
    }

    /// <summary>"No target, no funds": the service refuses and the page says so, offering to file the targets.</summary>
    private static async Task SubmitWithoutTargetsAsync(IPage page)
    {
        await page.GetByTestId("project-submit").ClickAsync();
        await ExpectTextAsync(page.GetByTestId("target-set-missing"), "项目未编报绩效目标，视同无效项目，不得提交");
        await ExpectTextAsync(page.GetByTestId("project-status"), "草稿");
    }

    private async Task<Guid> FileTargetSetAsync(IPage page, string name)
    {
        await page.GetByTestId("project-create-targets").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/targets/sets/new\?projectId="), new() { Timeout = Patience });
        // The header starts from the project.
        await Assertions.Expect(page.GetByTestId("target-field-owner-name")).ToHaveValueAsync(name, new() { Timeout = Patience });
        await Assertions.Expect(page.GetByTestId("target-field-amount")).ToHaveValueAsync("400.00");
        await page.GetByTestId("target-field-goal").FillAsync("建成覆盖全县中小学的智慧教室，提升信息化教学水平");

        // A new set offers one blank 产出, 效益 and 满意度 indicator.
        var output = IndicatorRow(page, "output");
        await FillIndicatorAsync(output, "新建智慧教室数量", "120", "间", "50");
        var benefit = IndicatorRow(page, "benefit");
        await ChooseAsync(benefit.GetByTestId("indicator-level2"), "社会效益指标");
        await FillIndicatorAsync(benefit, "受益学生人数", "15000", "人", "40");
        // Σ 90: the editor says what is missing before the service would.
        await ExpectTextAsync(page.GetByTestId("target-points-total"), "90.00");
        await ExpectTextAsync(page.GetByTestId("target-points-hint"), "当前合计90.00分");
        await Assertions.Expect(page.GetByTestId("target-submit")).ToBeDisabledAsync();

        var satisfaction = IndicatorRow(page, "satisfaction");
        await ChooseAsync(satisfaction.GetByTestId("indicator-comparator"), "≥");
        await FillIndicatorAsync(satisfaction, "师生满意度", "90", "%", "10");
        await ExpectTextAsync(page.GetByTestId("target-points-total"), "100.00");
        await Assertions.Expect(page.GetByTestId("target-points-hint")).ToHaveCountAsync(0);

        await page.GetByTestId("target-save").ClickAsync();
        await page.WaitForURLAsync(TargetSetPagePath(), new() { Timeout = Patience });
        await ExpectTextAsync(page.GetByTestId("target-status"), "草稿");
        await page.GetByTestId("target-submit").ClickAsync();
        await ExpectTextAsync(page.GetByTestId("target-status"), "待主管部门审核");
        return Guid.Parse(TargetSetPagePath().Match(page.Url).Groups["id"].Value);
    }

    private static async Task FillIndicatorAsync(ILocator row, string name, string value, string unit, string points)
    {
        await row.GetByTestId("indicator-name").FillAsync(name);
        await row.GetByTestId("indicator-value").FillAsync(value);
        await row.GetByTestId("indicator-unit").FillAsync(unit);
        await row.GetByTestId("indicator-points").FillAsync(points);
        await row.GetByTestId("indicator-explanation").FillAsync($"{name}，按年末实际数统计");
        await row.GetByTestId("indicator-source").FillAsync("教育统计年报");
    }

    private async Task SubmitProjectAsync(IPage page, Guid projectId)
    {
        await page.GotoAsync(_browser.Url($"/projects/{projectId}").ToString());
        await ExpectTextAsync(page.GetByTestId("project-status"), "草稿");
        await page.GetByTestId("project-submit").ClickAsync();
        // 400万 of a new project is above the county's 300万 threshold: ex-ante assessment first.
        await ExpectTextAsync(page.GetByTestId("project-status"), "事前评估中");
    }

    private static async Task AssessExAnteAsync(IPage page)
    {
        await ExpectTextAsync(page.GetByTestId("project-status"), "事前评估中");
        foreach (var dimension in new[] { "necessity", "economy", "targets", "feasibility", "compliance" })
        {
            await page.GetByTestId($"exante-points-{dimension}").FillAsync("18");
        }
        await ExpectTextAsync(page.GetByTestId("exante-total"), "90.00");
        await ExpectTextAsync(page.GetByTestId("exante-verdict"), "通过");
        await page.Locator("[data-testid=exante-outcome] [data-outcome=SUPPORTED]").ClickAsync();
        await page.GetByTestId("exante-conclusion").FillAsync("项目立项必要，绩效目标明确合理，予以支持");
        await page.GetByTestId("exante-complete").ClickAsync();
        await ConfirmAsync(page, "完成评估");
        await ExpectTextAsync(page.GetByTestId("project-status"), "评审中");
    }

    /// <summary>主管部门: the one-click 通过 on the set's row of the review queue.</summary>
    private async Task ApproveInQueueAsync(IPage page, string name)
    {
        await page.GotoAsync(_browser.Url("/targets/management?tab=queue").ToString());
        var row = await QueueRowAsync(page, name);
        await row.GetByTestId("queue-approve").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = Patience });
    }

    /// <summary>业务科室: opens the set from the queue and approves it in the editor, with a comment on one indicator.</summary>
    private static async Task ApproveInEditorAsync(IPage page, string name, Guid setId)
    {
        var row = await QueueRowAsync(page, name);
        await row.GetByRole(AriaRole.Link, new() { Name = "审核", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/targets/sets/{setId}$"), new() { Timeout = Patience });
        await ExpectTextAsync(page.GetByTestId("target-status"), "待业务科室审核");
        await page.GetByTestId("target-approve").ClickAsync();
        await page.GetByTestId("review-reason").FillAsync("指标设置与项目内容相符");
        await page.GetByTestId("review-comment").First.FillAsync("建议按学校分列教室数量");
        await page.GetByTestId("review-confirm").ClickAsync();
        await ExpectTextAsync(page.GetByTestId("target-status"), "待绩效科审核");
    }

    /// <summary>绩效科: ticks the set in the queue and approves the selection in bulk.</summary>
    private async Task ApproveInBulkAsync(IPage page, string name, Guid setId)
    {
        await page.GotoAsync(_browser.Url("/targets/management?tab=queue").ToString());
        var row = await QueueRowAsync(page, name);
        await row.Locator(".el-checkbox").ClickAsync();
        await page.GetByTestId("queue-bulk-approve").ClickAsync();
        await ConfirmAsync(page, "通过");
        await ExpectTextAsync(page.GetByTestId("bulk-result"), "成功 1 个");
        await Assertions.Expect(page.GetByTestId("bulk-failures")).ToHaveCountAsync(0);

        await page.GotoAsync(_browser.Url($"/targets/sets/{setId}").ToString());
        await ExpectTextAsync(page.GetByTestId("target-status"), "审核通过");
    }

    private async Task ReviewInBatchAsync(IPage page, string name, Guid projectId)
    {
        await page.GotoAsync(_browser.Url("/projects/budget-review").ToString());
        await page.GetByTestId("batch-create").ClickAsync();
        await page.GetByTestId("batch-field-name").FillAsync($"盂县2027年度项目预算评审（{Guid.NewGuid():N}）");
        await page.GetByTestId("batch-save").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/projects/budget-review/[0-9a-f-]{36}$"), new() { Timeout = Patience });

        await page.GetByTestId("batch-add-items").ClickAsync();
        var keyword = page.GetByPlaceholder("项目名称或单位");
        await keyword.FillAsync(name);
        await keyword.PressAsync("Enter");
        var candidate = page.GetByTestId("batch-candidates").Locator("tr.el-table__row", new() { HasTextString = name });
        await ExpectVisibleAsync(candidate);
        await candidate.Locator(".el-checkbox").ClickAsync();
        await page.GetByTestId("batch-add-confirm").ClickAsync();

        var approved = page.Locator($"[data-testid=batch-approved-input][data-project-id='{projectId}']");
        await ExpectVisibleAsync(approved);
        await approved.FillAsync("350.00");
        await page.Locator($"[data-testid=batch-reason-input][data-project-id='{projectId}']").FillAsync("设备单价按市场询价核减");
        await page.Locator($"[data-testid=batch-save-row][data-project-id='{projectId}']").ClickAsync();
        var item = page.GetByTestId("batch-items").Locator("tr.el-table__row", new() { HasTextString = name });
        await ExpectTextAsync(item, "核减");
        await ExpectTextAsync(item, "50.00");
        await ExpectTextAsync(page.GetByTestId("batch-items"), "审减率 12.50%");

        await page.GetByTestId("batch-close").ClickAsync();
        await ConfirmAsync(page, "完成评审");
        await ExpectVisibleAsync(page.GetByText("本批次已完成评审，审定金额已写入项目"));
    }

    private async Task SeeReservedAsync(IPage page, Guid projectId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        await page.GotoAsync(_browser.Url($"/projects/{projectId}?tab=review").ToString());
        var status = page.GetByTestId("project-status");
        await ExpectVisibleAsync(status);
        // The page shows what projects knows when it loads; reload until the approval has arrived.
        while (!(await status.InnerTextAsync()).Contains("已入库", StringComparison.Ordinal) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(1_000, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
            await ExpectVisibleAsync(status);
        }
        await ExpectTextAsync(status, "已入库");

        var review = page.GetByRole(AriaRole.Tabpanel);
        await ExpectTextAsync(review, "审定金额350.00 万元");
        await ExpectTextAsync(review, "审减金额50.00 万元");
        await ExpectTextAsync(review, "予以支持");
        await page.GetByRole(AriaRole.Tab, new() { Name = "绩效目标", Exact = true }).ClickAsync();
        await ExpectTextAsync(page.GetByRole(AriaRole.Tabpanel), "已审核通过");
    }

    private static ILocator IndicatorRow(IPage page, string level1) => page.Locator($"[data-testid=indicator-row][data-level1={level1}]");

    /// <summary>The set's row in the caller's review queue, found by its (unique) name.</summary>
    private static async Task<ILocator> QueueRowAsync(IPage page, string name)
    {
        await ExpectVisibleAsync(page.GetByTestId("queue-rows"));
        // The list tab has the same filter form; only the queue's is shown.
        await page.Locator("[data-testid=target-filter-q]:visible").FillAsync(name);
        await page.Locator("[data-testid=target-search]:visible").ClickAsync();
        var row = page.GetByTestId("queue-rows").Locator("tr.el-table__row", new() { HasTextString = name });
        await ExpectVisibleAsync(row);
        return row;
    }

    /// <summary>An Element Plus select: open it, pick the option by its text, and let the dropdown close.</summary>
    private static async Task ChooseAsync(ILocator select, string option)
    {
        await select.ClickAsync();
        var choice = select.Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        await choice.ClickAsync();
        await Assertions.Expect(choice).ToBeHiddenAsync(new() { Timeout = Patience });
    }

    private static async Task ConfirmAsync(IPage page, string button)
    {
        var box = page.Locator(".el-message-box");
        await ExpectVisibleAsync(box);
        await box.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    /// <summary>A page of its own browser context, sent to <paramref name="path"/> and signed in there as <paramref name="userName"/>.</summary>
    private async Task<IPage> SignedInPageAsync(string userName, string path)
    {
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        // The gateway's CSP forbids inline scripts and styles; a violation, or any script error, is a console error.
        // Refused requests are reported there too ("Failed to load resource"): those are judged by status below.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _problems.Enqueue($"{userName}: console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"{userName}: page error: {error}");
        page.Response += (_, response) =>
        {
            var path = new Uri(response.Url).AbsolutePath;
            if (response.Status >= 400 && path.StartsWith("/api/", StringComparison.Ordinal)
                && !ExpectedRefusals.Any(r => r.Status == response.Status && r.Path.IsMatch(path)))
            {
                _problems.Enqueue($"{userName}: {response.Request.Method} {path} answered {response.Status}");
            }
        };

        var target = _browser.Url(path).ToString();
        await page.GotoAsync(target);
        await _browser.SignInAtIdentityAsync(page, userName);
        await Assertions.Expect(page).ToHaveURLAsync(target, new() { Timeout = Patience });
        await ExpectTextAsync(page.GetByTestId("user-region"), "盂县");
        return page;
    }

    /// <summary>Runs one step; when it fails, the page as it was is kept in /tmp for whoever reads the failure.</summary>
    private static async Task<T> StepAsync<T>(IPage page, string step, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = $"/tmp/browser-{step}.png", FullPage = true });
            throw;
        }
    }

    private static Task StepAsync(IPage page, string step, Func<Task> action) =>
        StepAsync(page, step, async () =>
        {
            await action();
            return true;
        });

    private static Task ExpectVisibleAsync(ILocator locator) =>
        Assertions.Expect(locator).ToBeVisibleAsync(new() { Timeout = Patience });

    private static Task ExpectTextAsync(ILocator locator, string text) =>
        Assertions.Expect(locator).ToContainTextAsync(text, new() { Timeout = Patience });

    [GeneratedRegex(@"/projects/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex ProjectPagePath();

    [GeneratedRegex(@"/targets/sets/(?<id>[0-9a-f-]{36})$")]
    private static partial Regex TargetSetPagePath();

    [GeneratedRegex(@"^/api/projects/[0-9a-f-]{36}/submit$")]
    private static partial Regex ProjectSubmitPath();

    [GeneratedRegex(@"^/api/targets/sets/by-project/[0-9a-f-]{36}$")]
    private static partial Regex TargetSetOfProjectPath();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
