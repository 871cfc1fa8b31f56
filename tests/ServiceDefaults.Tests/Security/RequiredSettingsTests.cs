using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Hosting;
using Platform.ServiceDefaults.Redis;

namespace Platform.ServiceDefaults.Tests.Security;

public sealed class RequiredSettingsTests
{
    [Fact]
    public void Missing_identity_url_refuses_start_naming_the_key()
    {
        var builder = TestApp.CreateBuilder(new Dictionary<string, string?> { ["Identity:Url"] = "" });

        var error = Assert.Throws<StartupRefusedException>(() => builder.AddServiceDefaults());

        Assert.Contains("Identity:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_audience_refuses_start_naming_the_key()
    {
        var builder = TestApp.CreateBuilder(new Dictionary<string, string?> { ["Identity:Audience"] = "" });

        var error = Assert.Throws<StartupRefusedException>(() => builder.AddServiceDefaults());

        Assert.Contains("Identity:Audience", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audience_list_is_accepted_instead_of_one_audience()
    {
        var builder = TestApp.CreateBuilder(new Dictionary<string, string?>
        {
            ["Identity:Audience"] = "",
            ["Identity:Audiences:0"] = "projects",
            ["Identity:Audiences:1"] = "targets",
        });

        builder.AddServiceDefaults();
        using var app = builder.Build();

        Assert.Equal(["projects", "targets"], app.Services.GetRequiredService<ServiceDefaults.Security.IdentitySettings>().Audiences);
    }

    [Fact]
    public void Missing_database_connection_string_refuses_start_naming_the_key()
    {
        var builder = TestApp.CreateBuilder();

        var error = Assert.Throws<StartupRefusedException>(() => builder.AddNpgsqlDataSource("projectsdb"));

        Assert.Contains("ConnectionStrings:projectsdb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_redis_connection_string_refuses_start_naming_the_key()
    {
        var builder = TestApp.CreateBuilder();

        var error = Assert.Throws<StartupRefusedException>(() => builder.AddRedisClient("redis"));

        Assert.Contains("ConnectionStrings:redis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", false)]
    [InlineData("http://localhost:5000", false)]
    [InlineData("https://sso.example.gov.cn", true)]
    [InlineData("http://identity.internal", true)]
    public void Https_metadata_is_only_optional_for_a_local_authority(string url, bool required)
    {
        var settings = ServiceDefaults.Security.IdentitySettings.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:Url"] = url, ["Identity:Audience"] = "projects" })
            .Build());

        Assert.Equal(required, settings.RequireHttpsMetadata);
    }
}
