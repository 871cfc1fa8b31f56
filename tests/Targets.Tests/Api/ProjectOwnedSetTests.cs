using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Contracts.Json;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

/// <summary>Project-owned sets, with the real projects service in-process behind targets' ProjectsClient.</summary>
public sealed class ProjectOwnedSetTests(TargetsWithProjectsHost host) : ApiTestBase(host), IClassFixture<TargetsWithProjectsHost>
{
    private async Task<ProjectDto> FileProject(string filer, string name)
    {
        using var client = Host.Projects!.Client(Host.TokenFor(filer));
        var response = await client.PostAsJsonAsync("/api/projects", new SaveProjectRequest(2027, name, "project", true, "一般公共预算",
            3_000_000.00m, 2027, 2027, "改善办学条件", "张老师", "0353-1234567", [], null), ApiJson.Options, Ct);
        return await Read<ProjectDto>(response, HttpStatusCode.Created);
    }

    private static SaveTargetSetRequest ProjectSet(Guid projectId) =>
        new("project", projectId, null, 2027, null, "完成教学楼抗震加固", false, ValidIndicators(), null);

    [Fact]
    public async Task A_set_for_a_visible_project_takes_its_name_and_amount_and_a_second_live_set_is_refused()
    {
        var project = await FileProject("140322.unit-filer", "盂县第一中学教学楼加固");

        var set = await Create("140322.unit-filer", ProjectSet(project.Id));
        var again = await Post("140322.department-filer", "/api/targets/sets", ProjectSet(project.Id));

        Assert.Equal((project.Id, "盂县第一中学教学楼加固", 3_000_000.00m), (set.ProjectId, set.OwnerName, set.Amount));
        Assert.Equal("duplicate_target_set", Code(await Expect(again, HttpStatusCode.Conflict)));
    }

    [Fact]
    public async Task A_project_the_filer_cannot_see_or_that_does_not_exist_is_refused_with_422()
    {
        var sibling = await FileProject("140321.unit-filer", "平定县第一中学操场改造");

        var foreign = await Post("140322.unit-filer", "/api/targets/sets", ProjectSet(sibling.Id));
        var missing = await Post("140322.unit-filer", "/api/targets/sets", ProjectSet(Guid.NewGuid()));
        var noProject = await Post("140322.unit-filer", "/api/targets/sets", ProjectSet(Guid.Empty) with { ProjectId = null });

        Assert.Equal(["not_found"], FieldCodes(await Expect(foreign, HttpStatusCode.UnprocessableEntity), "projectId"));
        Assert.Equal(["not_found"], FieldCodes(await Expect(missing, HttpStatusCode.UnprocessableEntity), "projectId"));
        Assert.Equal(["required"], FieldCodes(await Expect(noProject, HttpStatusCode.BadRequest), "projectId"));
    }

    [Fact]
    public async Task The_typed_client_finds_a_projects_live_set_and_answers_null_when_there_is_none()
    {
        var project = await FileProject("140322.unit-filer", "盂县第一中学食堂改造");
        var set = await Create("140322.unit-filer", ProjectSet(project.Id));
        var http = Host.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Host.TokenFor("140322.unit-filer"));
        var client = new TargetsClient(http);

        Assert.Equal(set.Id, (await client.FindSetByProjectAsync(project.Id, Ct))?.Id);
        Assert.Null(await client.FindSetByProjectAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Creating_with_the_same_idempotency_key_twice_creates_one_set()
    {
        var key = Guid.NewGuid().ToString();
        using var client = Host.Client("140322.unit-filer");
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/targets/sets") { Content = JsonContent.Create(PolicySet("幂等测试政策"), options: ApiJson.Options) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, Ct);
        }

        var first = await Read<TargetSetDto>(await Send(), HttpStatusCode.Created);
        var second = await Read<TargetSetDto>(await Send(), HttpStatusCode.Created);

        Assert.Equal(first.Id, second.Id);
    }
}
