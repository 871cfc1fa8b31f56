using Platform.ServiceDefaults.Data;

namespace Platform.ServiceDefaults.Tests.Migrations;

public sealed class SnakeCaseNamingConventionTests
{
    [Theory]
    [InlineData("Id", "id")]
    [InlineData("OrganisationId", "organisation_id")]
    [InlineData("AuditEntries", "audit_entries")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("Level2Code", "level2_code")]
    [InlineData("already_snake", "already_snake")]
    public void Names_become_snake_case(string name, string expected) =>
        Assert.Equal(expected, SnakeCaseNamingConvention.ToSnakeCase(name));
}
