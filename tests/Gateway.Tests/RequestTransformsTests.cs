using Platform.Gateway.Forwarding;

namespace Platform.Gateway.Tests;

public sealed class RequestTransformsTests
{
    [Theory]
    [InlineData("/api/projects/openapi/v1.json", "/openapi/v1.json", "/api/projects")]
    [InlineData("/api/projects", "", "/api/projects")]
    [InlineData("/api/projectsx/1", "/api/projectsx/1", "")]
    [InlineData("/API/Projects/1", "/1", "/api/projects")]
    public void PathRemovePrefix_removes_whole_segments_only(string path, string expected, string removed)
    {
        var transforms = RequestTransforms.Parse([new() { ["PathRemovePrefix"] = "/api/projects" }], "k");

        var result = transforms.TransformPath(new PathString(path), out var removedPrefix);

        Assert.Equal(expected, result.Value ?? string.Empty);
        Assert.Equal(removed, removedPrefix.Value ?? string.Empty, ignoreCase: true);
    }

    [Fact]
    public void A_transform_with_an_extra_key_is_rejected_with_its_position()
    {
        var error = Assert.Throws<ProxyConfigException>(() => RequestTransforms.Parse(
            [new() { ["PathPrefix"] = "/v2" }, new() { ["RequestHeaderRemove"] = "X-A", ["Set"] = "b" }], "ReverseProxy:Routes:r:Transforms"));

        Assert.StartsWith("ReverseProxy:Routes:r:Transforms:1", error.Message);
    }

    [Fact]
    public void A_path_transform_must_start_with_a_slash()
    {
        Assert.Throws<ProxyConfigException>(() => RequestTransforms.Parse([new() { ["PathPrefix"] = "v2" }], "k"));
    }
}
