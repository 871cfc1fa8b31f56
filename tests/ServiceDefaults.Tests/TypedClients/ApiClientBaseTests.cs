using System.Net;
using Platform.Contracts.Http;

namespace Platform.ServiceDefaults.Tests.TypedClients;

public sealed class ApiClientBaseTests : IAsyncLifetime
{
    private Upstream _upstream = null!;
    private HttpClient _http = null!;
    private InventoryClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await Upstream.StartAsync();
        _http = new HttpClient { BaseAddress = _upstream.Address };
        _client = new InventoryClient(_http);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Route_value_stays_one_escaped_segment()
    {
        var echo = await _client.EchoAsync("a/b?c#d 中", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("/echo/a%2Fb%3Fc%23d%20%E4%B8%AD", echo.RawTarget);
    }

    [Fact]
    public async Task Query_object_is_sent_as_escaped_parameters()
    {
        var echo = await _client.EchoAsync("search",
            new { Region = "140300", Tags = new[] { "道路", "a&b" }, From = new DateOnly(2026, 1, 31), Page = 2, Name = (string?)null, Open = true },
            TestContext.Current.CancellationToken);

        Assert.Equal("/echo/search?region=140300&tags=%E9%81%93%E8%B7%AF&tags=a%26b&from=2026-01-31&page=2&open=true", echo.RawTarget);
    }

    [Fact]
    public async Task Created_response_exposes_status_headers_and_content()
    {
        var response = await _client.CreateAsync(new Item("P-1", "道路改造", 500_000m), idempotencyKey: "k-1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/items/P-1", response.Headers.Location?.OriginalString);
        Assert.Equal(new Item("P-1", "道路改造（k-1）", 500_000m), response.Content);
    }

    [Fact]
    public async Task Problem_response_becomes_an_api_exception_with_code_and_field_errors()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => _client.CreateInvalidAsync(new Item("P-1", "", 0m), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("validation_failed", error.Code);
        Assert.Equal(["项目名称不能为空"], error.Errors["name"]);
        Assert.Equal("提交的数据未通过校验", error.Problem?.Title);
    }

    [Fact]
    public async Task Other_error_body_is_kept_truncated()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => _client.BrokenAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Problem);
        Assert.Equal(ApiException.MaxContentLength, error.Content?.Length);
    }

    [Fact]
    public async Task No_content_answer_completes_without_a_body()
    {
        await _client.RemoveAsync("P-1", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Cancelling_the_call_aborts_the_request_at_the_server()
    {
        using var cancellation = new CancellationTokenSource();
        var call = _client.SlowAsync(cancellation.Token);

        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _upstream.SlowAborted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Query_builder_skips_nulls_and_uses_json_names()
    {
        var query = ApiQuery.Build(new QueryWithNames { RegionCode = "140322", Ignored = "x", Missing = null });

        Assert.Equal("?region=140322", query);
    }

    [Fact]
    public void Query_is_appended_after_an_existing_one() =>
        Assert.Equal("/items?a=1&b=2", ApiQuery.Append("/items?a=1", new Dictionary<string, string?> { ["b"] = "2" }));

    private sealed class QueryWithNames
    {
        [System.Text.Json.Serialization.JsonPropertyName("region")]
        public string? RegionCode { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public string? Ignored { get; init; }

        public string? Missing { get; init; }
    }
}
